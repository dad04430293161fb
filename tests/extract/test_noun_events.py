"""Participants of noun events (issue 9): the act a definite event noun names again, told
earlier in the story with its target; possessors and modifiers that are not who acts."""

from __future__ import annotations

from collections.abc import Callable

from app.extract import Extraction
from app.extract.records import EventRecord

Run = Callable[..., Extraction]


def _noun_event(ex: Extraction, trigger: str, sentence: int) -> EventRecord:
    found = [e for e in ex.events if e.trigger == trigger and e.sentence == sentence]
    assert len(found) == 1, [(e.trigger, e.sentence) for e in ex.events]
    return found[0]


def _names(ex: Extraction, ev: EventRecord, role: str) -> set[str]:
    names = {a.key: a.name for a in ex.actors}
    return {names[p.actor] for p in ev.participants if p.role == role}


def test_a_possessed_visit_takes_the_target_of_the_same_visitor_s_arrival(run: Run) -> None:
    ex = run(
        "Indian Prime Minister Narendra Modi arrived in Mauritius on Tuesday for a state visit. "
        "Officials in New Delhi said Modi's visit showed a new interest in the Indian Ocean."
    )
    ev = _noun_event(ex, "visit", 1)
    assert _names(ex, ev, "source") == {"Narendra Modi"}
    assert _names(ex, ev, "target") == {"Mauritius"}


def test_a_threat_named_again_keeps_its_target(run: Run) -> None:
    ex = run(
        "The United States threatened Mexico with tariffs in May. "
        "Analysts said Washington's threat was a negotiating tactic."
    )
    ev = _noun_event(ex, "threat", 1)
    assert _names(ex, ev, "target") == {"Mexico"}


def test_another_actor_s_support_takes_no_target_from_an_earlier_act(run: Run) -> None:
    ex = run(
        "Japan praised Vietnam for its reforms on Monday. "
        "Observers said India's support would matter more."
    )
    ev = _noun_event(ex, "support", 1)
    assert _names(ex, ev, "source") == {"India"}
    assert _names(ex, ev, "target") == set()


def test_an_indefinite_event_noun_is_a_new_act_with_no_carried_target(run: Run) -> None:
    ex = run(
        "Al-Shabab fighters attacked a Kenyan border post in March. "
        "Officials said earlier al-Shabab attacks had been planned in Somalia."
    )
    ev = _noun_event(ex, "attacks", 1)
    assert _names(ex, ev, "target") == set()
    # a name of three tokens ("al", "-", "Shabab") is one source, listed once
    assert [p.role for p in ev.participants] == ["source"]


def test_a_definite_event_noun_of_the_same_actor_takes_the_earlier_target(run: Run) -> None:
    ex = run(
        "Al-Shabab fighters attacked a Kenyan border post in March. "
        "Officials said the al-Shabab attacks had been planned in Somalia."
    )
    assert _names(ex, _noun_event(ex, "attacks", 1), "target") == {"Kenya"}


def test_a_possessive_pronoun_resolved_to_the_noun_s_own_target_is_no_source(run: Run) -> None:
    ex = run(
        "Ukraine's allies met in Paris on Friday. "
        "A statement said the ministers affirmed their lasting support for Ukraine in its defence."
    )
    assert not [e for e in ex.events if e.trigger == "support"]


def test_a_named_modifier_beside_a_possessor_is_not_who_meets(run: Run) -> None:
    ex = run("Swedish Prime Minister Anna Lind said her White House meeting had gone well.")
    ev = _noun_event(ex, "meeting", 0)
    assert _names(ex, ev, "source") == {"Anna Lind"}
    assert "White House" not in _names(ex, ev, "target")


def test_a_definite_event_noun_with_no_source_takes_the_earlier_act_s_source(run: Run) -> None:
    ex = run(
        "Russian forces shelled Kharkiv on Monday. The attacks on Kharkiv continued overnight."
    )
    ev = _noun_event(ex, "attacks", 1)
    assert _names(ex, ev, "source") == {"Russian military"}
    assert _names(ex, ev, "target") == {"Ukraine"}


def test_an_act_on_another_target_lends_no_source(run: Run) -> None:
    ex = run("The EU imposed sanctions on Iran in May. The sanctions on Syria hurt its exports.")
    first = [e for e in ex.events if e.sentence == 0 and e.plover_type == "SANCTION"]
    assert [(_names(ex, e, "source"), _names(ex, e, "target")) for e in first] == [
        ({"European Union"}, {"Iran"})
    ]
    assert not [e for e in ex.events if e.trigger == "sanctions" and e.sentence == 1]


def test_a_possessed_arrest_takes_the_source_of_the_arrest_told_before(run: Run) -> None:
    ex = run(
        "Bosnian police detained the activist Ivan Petrovic in May. "
        "Lawyers said Petrovic's arrest broke the law."
    )
    ev = _noun_event(ex, "arrest", 1)
    assert _names(ex, ev, "source") == {"Bosnian police"}
    assert _names(ex, ev, "target") == {"Ivan Petrovic"}


def test_an_arrest_to_come_takes_no_source_from_the_one_told_before(run: Run) -> None:
    ex = run(
        "Bosnian police detained the activist Ivan Petrovic in May. "
        '"I do not think there will be Petrovic\'s arrest again," his lawyer said.'
    )
    ev = _noun_event(ex, "detained", 0)
    assert _names(ex, ev, "source") == {"Bosnian police"}
    assert not [e for e in ex.events if e.trigger == "arrest"]


def test_civilians_of_a_state_are_not_the_state_an_act_is_told_again_for(run: Run) -> None:
    # the state's "attacks" retell its organs' acts, not those of its students or rebels
    organ = run(
        "Serbian police attacked Kosovo police officers in Mitrovica on Monday. "
        "Serbia's attacks continued on Tuesday."
    )
    assert _names(organ, _noun_event(organ, "attacks", 1), "target") == {"Kosovar police"}
    civil = run(
        "Serbian students attacked Kosovo police officers in Mitrovica on Monday. "
        "Serbia's attacks continued on Tuesday."
    )
    ev = _noun_event(civil, "attacks", 1)
    assert _names(civil, ev, "source") == {"Serbia"}
    assert _names(civil, ev, "target") == set()


def test_mutual_violence_of_a_hyphenated_pair_has_no_direction(run: Run) -> None:
    ex = run("Thai-Cambodian talks failed, and the Peru-Ecuador clashes resumed on Sunday.")
    ev = _noun_event(ex, "clashes", 0)
    assert _names(ex, ev, "source") == {"Peru", "Ecuador"}
    assert _names(ex, ev, "target") == set()


def test_a_gerund_detailing_a_backed_party_s_doing_is_no_event_of_its_own(run: Run) -> None:
    ex = run("The Dutch parliament backed Estonia in endorsing the Baltic grid plan.")
    kinds = [(e.plover_type, e.trigger) for e in ex.events]
    assert kinds == [("SUPPORT", "backed")]
