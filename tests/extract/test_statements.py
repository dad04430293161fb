"""Statements on short written passages, one class of the attribution problem each."""

from __future__ import annotations

from collections.abc import Callable

from app.extract import Extraction
from app.extract.records import StatementRecord
from app.extract.serialize import to_dict

Run = Callable[..., Extraction]


def _speaker(ex: Extraction, s: StatementRecord) -> str | None:
    return next((a.name for a in ex.actors if a.key == s.speaker), None)


def _one(ex: Extraction, needle: str) -> StatementRecord:
    hits = [s for s in ex.statements if needle in s.text]
    assert len(hits) == 1, [(s.kind, s.text) for s in ex.statements]
    return hits[0]


# ---- split quotes ------------------------------------------------------------------------------


def test_split_quote_is_one_statement_with_the_speaker(run: Run) -> None:
    ex = run(
        'Foreign Minister Sergei Lavrov spoke in Moscow. "The talks were useful," he said. '
        '"But there is much left to do."'
    )
    s = _one(ex, "The talks were useful")
    assert s.kind == "direct"
    assert s.text.endswith("But there is much left to do.")
    assert _speaker(ex, s) == "Sergei Lavrov"
    assert ex.article.text[s.speaker_start : s.speaker_end] == "he"  # type: ignore[misc]


def test_two_quotes_of_two_sentences_stay_apart(run: Run) -> None:
    ex = run('"We are ready." The minister then left the room. "Nothing was agreed," an aide said.')
    assert len([s for s in ex.statements if s.kind == "direct"]) == 2


# ---- reported speech cues ---------------------------------------------------------------------


def test_according_to_a_person(run: Run) -> None:
    ex = run("According to Senator Lindsey Graham, the deal will collapse within a month.")
    s = _one(ex, "the deal will collapse")
    assert _speaker(ex, s) == "Lindsey Graham"
    assert s.cue == "according to"


def test_in_a_statement_that(run: Run) -> None:
    ex = run("The Kenyan foreign ministry said in a statement that the envoy had been recalled.")
    s = _one(ex, "the envoy had been recalled")
    assert s.kind == "indirect" and s.speaker is not None


def test_allegations_of_with_a_possessor(run: Run) -> None:
    ex = run("Donald Trump repeated his allegations of widespread fraud in the election.")
    s = _one(ex, "widespread fraud in the election")
    assert _speaker(ex, s) == "Donald Trump"


def test_polls_show(run: Run) -> None:
    ex = run("New polls show Clinton leading in Ohio and Florida by four points.")
    s = _one(ex, "Clinton leading in Ohio")
    assert ex.article.text[s.speaker_start : s.speaker_end] == "New polls"  # type: ignore[misc]


def test_wider_reporting_verbs(run: Run) -> None:
    ex = run(
        "Donald Trump urged his supporters to watch polling places on Election Day. "
        "Bernie Sanders called for a higher minimum wage across the country."
    )
    assert _speaker(ex, _one(ex, "supporters to watch polling places")) == "Donald Trump"
    assert _speaker(ex, _one(ex, "a higher minimum wage")) == "Bernie Sanders"


def test_headline_with_a_colon(run: Run) -> None:
    ex = run("Pence: Trump Was Mocking the Clinton Camp\n\nMike Pence spoke on Sunday.")
    s = _one(ex, "Trump Was Mocking")
    assert _speaker(ex, s) is not None and "Pence" in _speaker(ex, s)  # type: ignore[operator]
    assert s.speaker_text == "Pence"


def test_newspaper_backs_a_candidate(run: Run) -> None:
    ex = run("The Washington Post backs Hillary Clinton for president in a long editorial.")
    s = _one(ex, "Hillary Clinton for president")
    assert s.speaker_text == "The Washington Post"


# ---- speakers that are not named people ----------------------------------------------------------


def test_the_group_is_the_group_named_before_not_the_last_organisation(run: Run) -> None:
    ex = run(
        "Hamas leaders met officials of the United Nations in Cairo on Monday. "
        "The group said it would accept the truce proposal."
    )
    s = _one(ex, "it would accept the truce")
    assert _speaker(ex, s) == "Hamas"
    assert s.speaker_text == "The group"


def test_the_newspaper_wrote(run: Run) -> None:
    ex = run(
        "The New York Times published the tax records on Saturday. "
        "The newspaper wrote that the losses were large enough to avoid taxes."
    )
    s = _one(ex, "the losses were large")
    assert _speaker(ex, s) == "The New York Times"
    assert s.speaker_text == "The newspaper"


def test_her_campaign_announced(run: Run) -> None:
    ex = run(
        "Hillary Clinton spoke in Ohio on Monday. "
        "Her campaign announced that she would return to the state next week."
    )
    s = _one(ex, "she would return to the state")
    assert _speaker(ex, s) == "Hillary Clinton"
    assert s.speaker_text == "Her campaign"


def test_an_unnamed_source_keeps_its_words(run: Run) -> None:
    ex = run("Most tax experts agree that the plan would add to the deficit.")
    s = _one(ex, "the plan would add to the deficit")
    assert s.speaker_text == "Most tax experts"


# ---- pronoun speakers --------------------------------------------------------------------------


def test_pronoun_speaker_has_its_span_and_its_actor(run: Run) -> None:
    ex = run("Angela Merkel arrived in Paris. She said the union must stay united on sanctions.")
    s = _one(ex, "the union must stay united")
    assert s.speaker_text == "She"
    assert (s.speaker_start, s.speaker_end) == (32, 35)
    assert _speaker(ex, s) == "Angela Merkel"


# ---- not statements ----------------------------------------------------------------------------


def test_quoted_word_and_scare_quotes_are_not_statements(run: Run) -> None:
    ex = run('The so-called "experts" were wrong again. Critics call the plan "reckless".')
    assert not any(s.text in ("experts", "reckless", "reckless.") for s in ex.statements)


def test_titles_and_nicknames_are_not_statements(run: Run) -> None:
    ex = run(
        'He wrote the book "The Art of the Deal" in 1987. '
        'Dwayne "The Rock" Johnson visited the base. '
        'She starred in the film "Gone With the Wind" decades ago.'
    )
    assert [s for s in ex.statements if s.kind == "direct"] == []


def test_a_short_whole_quoted_sentence_is_a_statement(run: Run) -> None:
    ex = run('"Never!" the prime minister said when asked about a deal.')
    assert any(s.text == "Never!" and s.kind == "direct" for s in ex.statements)


# ---- events and statements point to each other ------------------------------------------------


def test_speech_act_event_links_to_its_statement(run: Run) -> None:
    ex = run("Ukraine accused Russia of shelling civilian areas in the east.")
    ev = next(e for e in ex.events if e.plover_type == "ACCUSE")
    assert ev.statement_id is not None
    s = ex.statements[ev.statement_id]
    assert s.event_id == ex.events.index(ev)
    assert "shelling civilian areas" in s.text


def test_json_carries_speaker_span_and_links(run: Run) -> None:
    ex = run("Ukraine accused Russia of shelling civilian areas in the east.")
    d = to_dict(ex)
    st = d["statements"][0]
    assert st["speaker_span"] == {"start": 0, "end": 7}
    assert st["speaker_text"] == "Ukraine"
    assert d["events"][st["event_id"]]["statement_id"] == 0


def test_a_stray_quote_mark_does_not_shift_the_pairs() -> None:
    from app.extract.statements import quote_spans

    text = '"Trump walked on stage, chanting \u201cU-S-A!\u201d and then \u201cWe win.\u201d'
    assert [text[a:b] for a, b in quote_spans(text)] == ["U-S-A!", "We win."]


def test_quote_scanning_is_linear_on_a_long_run_of_marks() -> None:
    from app.extract.statements import quote_spans

    assert len(quote_spans('"a' * 20_000)) == 10_000
