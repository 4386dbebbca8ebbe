"""The Zendesk sidebar app folder: check its structure and write the zip Zendesk accepts."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

APP_DIR = Path(__file__).resolve().parents[2] / "zendesk_app"
LANGUAGES = ("en", "fr")
# Zendesk's own framework script (the platform's, loaded by every ZAF app) and the SVG
# namespace name (an identifier, never fetched) are the only absolute URLs our assets may hold.
ZAF_SDK_URL = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"
# (The page's Content-Security-Policy names the script's origin.)
ALLOWED_URLS = {ZAF_SDK_URL, "https://static.zdassets.com", "http://www.w3.org/2000/svg"}
URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s"'()<>;,]*""")
TEXT_ASSETS = (".html", ".js", ".css", ".svg", ".json")
# Zendesk's brand-asset rules: logo.png 320x320, logo-small.png 128x128 (PNG-24 with alpha).
LOGOS = {"logo.png": (320, 320), "logo-small.png": (128, 128)}
REQUIRED_PARAMETERS = {"backend_url": False, "shared_secret": True}  # name -> secure
STRINGS_PREFIX = "window.HE_STRINGS = "
PLACEHOLDER_DOMAIN = "support-tools.example.com"


class AppProblem(ValueError):
    """The app folder would not be accepted by Zendesk (or would not work once installed)."""


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AppProblem(f"{path.name} is missing") from None
    except json.JSONDecodeError as error:
        raise AppProblem(f"{path.name} is not valid JSON: {error}") from None


def flat_keys(tree: Mapping[str, Any], prefix: str = "") -> set[str]:
    """Dotted paths of every leaf: {"app.name", "app.parameters.backend_url.label", ...}."""
    keys: set[str] = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        keys |= flat_keys(value, path + ".") if isinstance(value, Mapping) else {path}
    return keys


def panel_strings(app_dir: Path) -> dict[str, dict[str, str]]:
    """The panel's own words (assets/i18n.js: a JSON object after STRINGS_PREFIX)."""
    source = (app_dir / "assets" / "i18n.js").read_text(encoding="utf-8")
    start = source.index(STRINGS_PREFIX) + len(STRINGS_PREFIX)
    return json.loads(source[start:].strip().rstrip(";"))


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise AppProblem(f"assets/{path.name} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def external_urls(app_dir: Path) -> list[tuple[str, str]]:
    """(file, url) of every absolute URL in the assets that is not allowed."""
    found = []
    for path in sorted((app_dir / "assets").rglob("*")):
        if path.suffix in TEXT_ASSETS:
            for url in URL.findall(path.read_text(encoding="utf-8")):
                if url not in ALLOWED_URLS:
                    found.append((path.name, url))
    return found


def _check_manifest(app_dir: Path, manifest: Mapping[str, Any]) -> list[str]:
    problems = []
    for key in ("name", "author", "defaultLocale", "version", "frameworkVersion", "location"):
        if key not in manifest:
            problems.append(f"manifest.json has no {key!r}")
    if manifest.get("frameworkVersion") != "2.0":
        problems.append('manifest.json frameworkVersion must be "2.0"')
    author = manifest.get("author") or {}
    if not (isinstance(author, Mapping) and author.get("name") and author.get("email")):
        problems.append("manifest.json author needs a name and an email")
    sidebar = (manifest.get("location") or {}).get("support", {}).get("ticket_sidebar")
    url = sidebar.get("url") if isinstance(sidebar, Mapping) else None
    if not url:
        problems.append("manifest.json has no location.support.ticket_sidebar.url")
    elif not (app_dir / url).is_file():
        problems.append(f"the sidebar page {url} does not exist")
    domains = manifest.get("domainWhitelist")
    if not (isinstance(domains, list) and domains and all(isinstance(d, str) for d in domains)):
        problems.append("manifest.json needs a domainWhitelist with the backend's domain")
    parameters = [p for p in manifest.get("parameters") or [] if isinstance(p, Mapping)]
    declared = {p.get("name"): p for p in parameters}
    for name, secure in REQUIRED_PARAMETERS.items():
        if name not in declared:
            problems.append(f"manifest.json has no parameter {name!r}")
        elif bool(declared[name].get("secure")) != secure:
            problems.append(f"parameter {name!r} must {'' if secure else 'not '}be secure")
    return problems


def _check_translations(app_dir: Path, manifest: Mapping[str, Any]) -> list[str]:
    problems = []
    trees = {lang: _json(app_dir / "translations" / f"{lang}.json") for lang in LANGUAGES}
    keys = {lang: flat_keys(tree) for lang, tree in trees.items()}
    for lang in LANGUAGES[1:]:
        if keys[lang] != keys["en"]:
            diff = sorted(keys[lang] ^ keys["en"])
            problems.append(f"translations/{lang}.json and en.json differ in keys: {diff}")
    needed = {"app.name", "app.short_description", "app.long_description"}
    for parameter in manifest.get("parameters") or []:
        needed.add(f"app.parameters.{parameter.get('name')}.label")
    missing = sorted(needed - keys["en"])
    if missing:
        problems.append(f"translations/en.json misses {missing}")
    strings = panel_strings(app_dir)
    if set(strings) != set(LANGUAGES):
        problems.append(f"assets/i18n.js must hold exactly {LANGUAGES}")
    elif set(strings["fr"]) != set(strings["en"]):
        diff = sorted(set(strings["fr"]) ^ set(strings["en"]))
        problems.append(f"assets/i18n.js: English and French differ in keys: {diff}")
    return problems


def check(app_dir: Path = APP_DIR) -> list[str]:
    """Every problem that would stop Zendesk from accepting or running the app; [] if none."""
    if not (app_dir / "manifest.json").is_file():
        return [f"{app_dir} has no manifest.json"]
    try:
        manifest = _json(app_dir / "manifest.json")
        problems = _check_manifest(app_dir, manifest) + _check_translations(app_dir, manifest)
        for name, size in LOGOS.items():
            path = app_dir / "assets" / name
            if not path.is_file():
                problems.append(f"assets/{name} is missing")
            elif png_size(path) != size:
                problems.append(f"assets/{name} must be {size[0]}x{size[1]} pixels")
    except (AppProblem, ValueError, OSError) as error:
        return [str(error)]
    for name, url in external_urls(app_dir):
        problems.append(f"assets/{name} loads {url} (no external URLs)")
    return problems


def app_files(app_dir: Path) -> Iterable[Path]:
    """What goes into the zip: the manifest, translations and assets, no hidden files."""
    yield app_dir / "manifest.json"
    for folder in ("translations", "assets"):
        for path in sorted((app_dir / folder).rglob("*")):
            hidden = any(part.startswith(".") for part in path.relative_to(app_dir).parts)
            if path.is_file() and not hidden:
                yield path


def write_zip(
    output: Path, app_dir: Path = APP_DIR, *, domains: list[str] | None = None
) -> list[str]:
    """Write the upload zip (manifest.json at its root); returns the names written.

    `domains` replaces the manifest's domainWhitelist (the backend's host must be in it for
    the secure setting to be sent there). Raises AppProblem when the folder is not valid.
    """
    problems = check(app_dir)
    if problems:
        raise AppProblem("; ".join(problems))
    manifest = _json(app_dir / "manifest.json")
    if domains:
        manifest["domainWhitelist"] = domains
    names = []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in app_files(app_dir):
            name = path.relative_to(app_dir).as_posix()
            data = path.read_bytes()
            if name == "manifest.json":
                data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
            # A fixed date: the same folder always gives the same zip.
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, data)
            names.append(name)
    return names
