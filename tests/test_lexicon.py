"""The event lexicon: verb/noun lookups, PLOVER mapping, data-file integrity."""

from __future__ import annotations

import pytest

from accord.errors import DataFileError
from accord.events.lexicon import PLOVER_TYPES, Lexicon, load_lexicon

@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("lemma", "particle", "objects", "preps", "expected"),
    [
        ("reject", None, ("proposal",), None, "REJECT"),
        ("refuse", None, (), None, "REJECT"),
        ("rule", "out", (), None, "REJECT"),
        ("accept", None, ("proposal",), None, "AGREE"),
        ("demand", None, (), None, "REQUEST"),
        ("call", None, (), {"for": ("ceasefire",)}, "REQUEST"),
        ("accuse", None, (), None, "ACCUSE"),
        ("condemn", None, ("attack",), None, "ACCUSE"),
        ("attack", None, ("village",), None, "ASSAULT"),
        ("launch", None, ("airstrike",), None, "ASSAULT"),
        ("impose", None, ("sanction",), None, "COERCE"),
        ("meet", None, (), None, "CONSULT"),
        ("meet", None, (), {"with": ("minister",)}, "CONSULT"),
        ("hold", None, ("talk",), None, "CONSULT"),
        ("withdraw", None, ("troop",), None, "RETREAT"),
        ("resume", None, ("aid",), None, "AID"),
        ("threaten", None, (), None, "THREATEN"),
        ("arrest", None, ("journalist",), None, "COERCE"),
        ("protest", None, (), None, "PROTEST"),
        ("mobilize", None, ("troop",), None, "MOBILIZE"),
        # PLOVER manual: the actual release of prisoners is RETREAT; a pardon is CONCEDE
        ("release", None, ("prisoner",), None, "RETREAT"),
        ("pardon", None, (), None, "CONCEDE"),
        ("concede", None, (), None, "CONCEDE"),
        ("praise", None, (), None, "SUPPORT"),
        ("cooperate", None, (), None, "COOPERATE"),
    ],
)
def test_verb_codes_expected_plover_type(lexicon, lemma, particle, objects, preps, expected):
    entry = lexicon.lookup_verb(lemma, particle, objects, preps)
    assert entry is not None and entry.type == expected, entry


def test_signing_an_agreement_is_support_or_agree(lexicon):
    assert lexicon.lookup_verb("sign", None, ("agreement",)).type in {"SUPPORT", "AGREE"}


def test_negated_accept_becomes_reject(lexicon):
    entry = lexicon.lookup_verb("accept", None, ("proposal",))
    assert entry.type == "AGREE" and entry.negated_type == "REJECT"


def test_not_tolerate_is_reject_but_tolerate_is_no_event(lexicon):
    entry = lexicon.lookup_verb("tolerate")
    assert not entry.is_event and entry.negated_type == "REJECT"


def test_say_is_reporting_not_event(lexicon):
    entry = lexicon.lookup_verb("say")
    assert entry.reporting and not entry.is_event
    assert "say" in lexicon.reporting_verbs


def test_light_verb_without_known_object_is_flagged(lexicon):
    entry = lexicon.lookup_verb("launch", None, ("website",))
    assert entry.light and not entry.is_event


def test_airstrike_verb_carries_aerial_mode(lexicon):
    assert lexicon.lookup_verb("bomb", None, ("hospital",)).mode == "aerial"


def test_verb_with_no_event_returns_none(lexicon):
    assert lexicon.lookup_verb("walk") is None


def test_rule_cites_file_version_and_entry(lexicon):
    entry = lexicon.lookup_verb("reject")
    assert entry.id.startswith("events/curated_verbs.tsv@") and entry.id.endswith(":reject")


@pytest.mark.parametrize(
    ("lemma", "modifiers", "expected"),
    [
        ("demands", (), "REQUEST"),
        ("demand", (), "REQUEST"),
        ("airstrikes", (), "ASSAULT"),
        ("talks", (), "CONSULT"),
        ("rejection", (), "REJECT"),
        ("sanctions", (), "COERCE"),
        ("sanction", (), "COERCE"),
        ("strike", ("hunger",), "PROTEST"),
        ("strike", ("drone",), "ASSAULT"),
        ("ultimatum", (), "THREATEN"),
    ],
)
def test_noun_codes_expected_plover_type(lexicon, lemma, modifiers, expected):
    entry = lexicon.lookup_noun(lemma, modifiers)
    assert entry is not None and entry.type == expected


def test_noun_modifier_sets_mode(lexicon):
    assert lexicon.lookup_noun("strike", ("drone",)).mode == "drone"
    assert lexicon.lookup_noun("airstrike").mode == "aerial"


def test_all_sixteen_plover_types_reachable(lexicon):
    reached = {e.type for e in lexicon._curated_default.values()}
    reached |= {e.type for e in lexicon._curated_object.values()}
    reached |= {e.type for e in lexicon._nouns.values()}
    assert PLOVER_TYPES <= reached


def test_cameo_fallback_to_parent(lexicon):
    assert lexicon.plover_for_cameo("1734") == lexicon.plover_for_cameo("173")
    assert lexicon.plover_for_cameo("195")[0:2] == ("ASSAULT", "aerial")
    assert lexicon.plover_for_cameo("163")[0] == "COERCE"  # the CAMEO2PLOVER table, which PLV follows


def test_trigger_lemmas_cover_verbs_and_nouns(lexicon):
    assert {"reject", "attack", "demand", "airstrike", "sanction"} <= lexicon.trigger_lemmas
    assert "say" not in lexicon.trigger_lemmas


def test_user_file_extends_lexicon(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(
        "id\tlemma\tparticle\tobject\tcameo\tmode\tnegated_type\tflags\tnote\n"
        "snub\tsnub\t\t\t120\t\t\t\tmine\n",
        encoding="utf-8",
    )
    entry = load_lexicon((str(path),)).lookup_verb("snub")
    assert entry.type == "REJECT" and entry.id == "user:mine.tsv:snub"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("snub\tsnub\t\t\t999\t\t\t\tbad code", "not in cameo_plover.tsv"),
        ("snub\tsnub\t\t\t120\t\tREFUSE\t\tbad type", "unknown PLOVER type"),
        ("snub\tsnub\t\t\t120\t\t\tloud\tbad flag", "unknown flag"),
    ],
)
def test_bad_user_row_raises_with_file_and_line(tmp_path, row, message):
    path = tmp_path / "bad.tsv"
    path.write_text(
        "# a comment\nid\tlemma\tparticle\tobject\tcameo\tmode\tnegated_type\tflags\tnote\n"
        + row + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=rf"bad\.tsv:3: .*{message}"):
        Lexicon((str(path),))
