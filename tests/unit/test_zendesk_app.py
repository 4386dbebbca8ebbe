"""The Zendesk sidebar app folder and `app package`: what Zendesk requires, and our own rules."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from helpdesk_empathy.cli import main
from helpdesk_empathy.dev import app_bundle

APP = app_bundle.APP_DIR


@pytest.fixture
def app_copy(tmp_path) -> Path:
    copy = tmp_path / "zendesk_app"
    shutil.copytree(APP, copy)
    return copy


def edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_shipped_app_has_no_problem():
    assert app_bundle.check(APP) == []


def test_the_manifest_has_what_zendesk_and_the_panel_need():
    manifest = json.loads((APP / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["frameworkVersion"] == "2.0"
    sidebar = manifest["location"]["support"]["ticket_sidebar"]
    assert (APP / sidebar["url"]).is_file()
    parameters = {p["name"]: p for p in manifest["parameters"]}
    assert parameters["shared_secret"]["secure"] is True
    assert not parameters["backend_url"].get("secure")
    assert manifest["domainWhitelist"]


def test_english_and_french_have_the_same_keys():
    en = json.loads((APP / "translations" / "en.json").read_text(encoding="utf-8"))
    fr = json.loads((APP / "translations" / "fr.json").read_text(encoding="utf-8"))
    assert app_bundle.flat_keys(en) == app_bundle.flat_keys(fr)
    strings = app_bundle.panel_strings(APP)
    assert set(strings["en"]) == set(strings["fr"])
    assert all(strings["fr"].values()) and strings["fr"]["insert"] != strings["en"]["insert"]


def test_every_signal_has_a_label_in_the_panel():
    from helpdesk_empathy.models import SIGNAL_NAMES

    strings = app_bundle.panel_strings(APP)["en"]
    assert [name for name in SIGNAL_NAMES if f"signal.{name}" not in strings] == []


def test_the_assets_load_nothing_from_other_sites_but_zendesks_framework():
    assert app_bundle.external_urls(APP) == []
    page = (APP / "assets" / "iframe.html").read_text(encoding="utf-8")
    assert app_bundle.ZAF_SDK_URL in page


def test_an_external_script_or_style_is_caught(app_copy):
    page = app_copy / "assets" / "iframe.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</head>", '<link rel="stylesheet" href="https://cdn.example.net/x.css"></head>'
        ),
        encoding="utf-8",
    )
    (app_copy / "assets" / "extra.js").write_text('fetch("//evil.example.org/a")', "utf-8")
    problems = app_bundle.check(app_copy)
    assert any("cdn.example.net" in p for p in problems)
    assert any("evil.example.org" in p for p in problems)


def test_the_logos_have_zendesks_sizes():
    assert app_bundle.png_size(APP / "assets" / "logo.png") == (320, 320)
    assert app_bundle.png_size(APP / "assets" / "logo-small.png") == (128, 128)


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (lambda m: m.pop("frameworkVersion"), "frameworkVersion"),
        (lambda m: m.update(frameworkVersion="1.0"), "frameworkVersion"),
        (lambda m: m["parameters"][1].pop("secure"), "shared_secret"),
        (lambda m: m.update(parameters=m["parameters"][1:]), "backend_url"),
        (lambda m: m.pop("domainWhitelist"), "domainWhitelist"),
        (
            lambda m: m["location"]["support"]["ticket_sidebar"].update(url="assets/x.html"),
            "x.html",
        ),
        (lambda m: m["author"].pop("email"), "author"),
    ],
)
def test_a_broken_manifest_is_reported(app_copy, breakage, expected):
    edit_json(app_copy / "manifest.json", breakage)
    problems = app_bundle.check(app_copy)
    assert any(expected in p for p in problems), problems


def test_a_missing_translation_key_or_logo_is_reported(app_copy):
    edit_json(app_copy / "translations" / "fr.json", lambda t: t["app"].pop("long_description"))
    (app_copy / "assets" / "logo-small.png").unlink()
    problems = app_bundle.check(app_copy)
    assert any("app.long_description" in p for p in problems)
    assert any("logo-small.png is missing" in p for p in problems)


def test_package_writes_a_zip_with_the_manifest_at_its_root(tmp_path, capsys):
    output = tmp_path / "app.zip"
    code = main(["app", "package", "--output", str(output), "--backend-url", "https://x.acme.io"])
    assert code == 0
    with zipfile.ZipFile(output) as bundle:
        names = bundle.namelist()
        manifest = json.loads(bundle.read("manifest.json"))
    assert names[0] == "manifest.json"
    assert {"translations/en.json", "translations/fr.json", "assets/iframe.html"} <= set(names)
    assert {"assets/panel.js", "assets/logo.png", "assets/logo-small.png"} <= set(names)
    assert not any(name.startswith("/") or ".." in name for name in names)
    assert manifest["domainWhitelist"] == ["x.acme.io"]
    assert "wrote" in capsys.readouterr().out


def test_package_is_reproducible(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    app_bundle.write_zip(first)
    app_bundle.write_zip(second)
    assert first.read_bytes() == second.read_bytes()


def test_package_refuses_a_broken_app(app_copy, tmp_path, capsys):
    edit_json(app_copy / "manifest.json", lambda m: m.pop("parameters"))
    output = tmp_path / "app.zip"
    code = main(["app", "package", "-o", str(output), "--app-dir", str(app_copy)])
    assert code == 1 and not output.exists()
    assert "shared_secret" in capsys.readouterr().err


def test_package_wants_an_https_backend(tmp_path):
    code = main(["app", "package", "-o", str(tmp_path / "a.zip"), "--backend-url", "http://x.io"])
    assert code == 2
