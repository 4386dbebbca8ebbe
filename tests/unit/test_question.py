"""The question a holding reply restates: found in linear time, shortened, never invented."""

import time

from helpdesk_empathy.decision.replies.question import MAX_QUESTION_CHARS, find_question


def test_the_first_real_question_is_found_and_kept_verbatim():
    text = "Hi there. Quick one: can I change the delivery address on order 1042? Thanks!"
    assert find_question(text) == "Quick one: can I change the delivery address on order 1042?"


def test_french_questions_and_line_breaks():
    text = "Bonjour,\nEst-ce que je peux payer en trois fois ?\nMerci"
    assert find_question(text) == "Est-ce que je peux payer en trois fois ?"


def test_no_question_mark_or_too_short_or_angry_gives_none():
    assert find_question("Please send me the invoice.") is None
    assert find_question("Why?") is None
    assert find_question("Where is my parcel?!") is None
    assert find_question("") is None


def test_a_long_question_is_cut_at_a_word():
    question = find_question("Could you " + "please " * 60 + "help?")
    assert question.endswith("...?") and len(question) <= MAX_QUESTION_CHARS + 4


def test_hostile_input_is_scanned_quickly():
    worst = "a" * 200_000 + "?" + "b ?" * 50_000
    started = time.perf_counter()
    find_question(worst)
    assert time.perf_counter() - started < 0.5
