"""warm_up loads what the first real message would otherwise load: the language model too."""

from helpdesk_empathy.analysis import language, warm_up


def test_warm_up_loads_the_language_model(monkeypatch):
    monkeypatch.setattr(language, "_detector", None)
    warm_up()
    assert language._detector is not None
