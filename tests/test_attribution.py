"""Quotes, speakers, sources and via chains: the example article, then edge cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accord.attribution import find_quote_spans


def _quote(coded, contains):
    found = [q for q in coded.quotes if contains in q.text]
    assert found, f"no quote containing {contains!r}"
    return found[0]


@dataclass
class Attributed:
    quotes: list
    sources: list
    warnings: list


@pytest.fixture(scope="module")
def code():
    """The attribution stage alone over one parsed text: actors, quotes, sources."""
    from accord.actors import build_coreference, find_actor_mentions, load_actor_tables, resolve_span
    from accord.actors.phrases import PhraseActors
    from accord.attribution import find_quotes, find_sources, load_attribution_tables
    from accord.nlp import load_nlp

    nlp, actor_tables, tables = load_nlp(), load_actor_tables(), load_attribution_tables()

    def run(text):
        doc = nlp(text)
        mentions = find_actor_mentions(doc, actor_tables, "2025-03-13")
        actors = PhraseActors(doc, actor_tables, "2025-03-13", build_coreference(doc, mentions), resolve_span)
        quotes, warnings = find_quotes(doc, actors, tables)
        return Attributed(quotes, find_sources(doc, quotes, mentions, tables), warnings)

    return run


def test_anonymous_source_behind_the_source_is_senior_russian_source(coded_ceasefire):
    quote = _quote(coded_ceasefire, "It is difficult for Putin to accept this")
    assert quote.direct
    assert quote.speaker.text == "the source"
    assert quote.speaker.anonymous and quote.speaker.code == "RUS"


def test_he_resolves_to_putin_in_direct_quote(coded_ceasefire):
    quote = _quote(coded_ceasefire, "We do not need a ceasefire")
    assert quote.direct and quote.speaker.name == "Vladimir Putin" and quote.speaker.text == "he"


def test_partial_quote_takes_lavrov_from_governing_verb(coded_ceasefire):
    quote = next(q for q in coded_ceasefire.quotes if q.direct and "under any circumstances" in q.text)
    assert quote.speaker.name == "Sergei Lavrov"
    assert quote.cue.text == "stating"


def test_kremlin_sources_claim_came_via_reuters(coded_ceasefire):
    quote = _quote(coded_ceasefire, "Russia views the ceasefire proposal with skepticism")
    assert not quote.direct and quote.via == ("Reuters",)


def test_as_reported_by_digi24_is_the_channel_of_its_sentence(coded_ceasefire):
    quote = _quote(coded_ceasefire, "any future agreement will be dictated")
    assert quote.via == ("Digi24",) and quote.speaker.text == "Russian officials"


def test_example_sources_each_listed_once(coded_ceasefire):
    by_kind = {}
    for source in coded_ceasefire.sources:
        by_kind.setdefault(source.kind, []).append(source)
    assert {s.name for s in by_kind["outlet"]} == {"Reuters", "Digi24"}
    anonymous = [s.text for s in by_kind["anonymous"]]
    # Each anonymous source spans the words that cite it ("Sources close to the Kremlin told Reuters").
    assert anonymous == ["According to high-ranking Russian sources", "Sources close to the Kremlin told Reuters",
                         "One senior Russian source stated", "Russian officials believe"]
    named = [s.name for s in by_kind["named"]]
    assert len(named) == len(set(named))


def test_events_in_own_voice_carry_no_attribution(coded_ceasefire):
    # The narrator's own report: "has seen the U.S. resume military aid".
    narrated = [e for e in coded_ceasefire.events if e.trigger.text == "resume"]
    assert narrated and all(e.attribution is None for e in narrated)
    reported = [e for e in coded_ceasefire.events if e.trigger.text == "tolerate"]
    assert reported and reported[0].attribution.speaker.name == "Sergei Lavrov"


@pytest.mark.parametrize("text, quoted", [
    ('He is 6\'2" tall and said "we will win" today.', ["we will win"]),
    ("The group's leader didn't say much.", []),
    ('“We are ready,” she said. “And we will not wait.”', ["We are ready,", "And we will not wait."]),
    ("He said ''we will never agree'' to it.", ["we will never agree"]),
    ('An odd "unclosed quote runs to the end', ["unclosed quote runs to the end"]),
])
def test_quote_marks_pair_and_apostrophes_or_inch_marks_are_not_quotes(text, quoted):
    spans, _ = find_quote_spans(text)
    assert [text[s:e] for s, e in spans] == quoted


def test_odd_number_of_quote_marks_warns_and_never_raises():
    spans, warnings = find_quote_spans('He said "yes.\nThen "no" and "maybe.')
    assert warnings and all(w.startswith("unclosed_quote:") for w in warnings)
    assert "no" in ['He said "yes.\nThen "no" and "maybe.'[s:e] for s, e in spans]


def test_unclosed_quote_continues_into_next_quoted_paragraph(code):
    text = ('"We will not give up our land," Lavrov told reporters in Moscow. "We have said this many times.\n'
            '"Our position has not changed," he added.')
    coded = code(text)
    continued = _quote(coded, "We have said this many times")
    assert continued.direct and continued.speaker.name == "Sergei Lavrov"
    assert not [w for w in coded.warnings if w.startswith("unclosed_quote")]


def test_split_quote_keeps_speaker_for_both_halves(code):
    coded = code('"We want peace," Putin said, "but not at any price."')
    for part in ("We want peace", "but not at any price"):
        assert _quote(coded, part).speaker.name == "Vladimir Putin"


@pytest.mark.parametrize("text, contains", [
    ('Sergei Lavrov was blunt on Tuesday.\n"There will be no talks without guarantees."', "There will be no talks"),
    ('Sergei Lavrov gave a clear answer: "There will be no talks without guarantees."', "There will be no talks"),
    ('"There will be no talks without guarantees." — Sergei Lavrov', "There will be no talks"),
    ('Sergei Lavrov said:\n"There will be no talks without guarantees."', "There will be no talks"),
])
def test_speaker_before_colon_after_dash_or_in_previous_sentence(code, text, contains):
    assert _quote(code(text), contains).speaker.name == "Sergei Lavrov"


@pytest.mark.parametrize("text, contains, cue", [
    ("Vladimir Putin insisted that the offensive would continue.", "the offensive would continue", "insisted"),
    ("According to Sergei Lavrov, the talks have failed.", "the talks have failed", "According to"),
    ("Vladimir Putin warned that Russia would respond.", "Russia would respond", "warned"),
    ("Vladimir Putin fears the sanctions will hurt Russia.", "the sanctions will hurt Russia", "fears"),
    ("In a statement, Sergei Lavrov said the talks had failed.", "the talks had failed", "said"),
])
def test_indirect_speech_cues_give_reported_clause(code, text, contains, cue):
    quote = _quote(code(text), contains)
    assert not quote.direct and quote.cue.text == cue
    assert quote.speaker.code == "RUS"


CHAIN = ("As reported by Digi24, Moscow is preparing a new offer.\n"
         "Sources close to the Kremlin told Reuters that Russia would reject the ceasefire.")


def test_outlet_told_and_article_credit_make_a_via_chain(code):
    quote = _quote(code(CHAIN), "Russia would reject the ceasefire")
    assert quote.via == ("Digi24", "Reuters")
    assert quote.speaker.anonymous


def test_reported_event_carries_the_chain_and_own_voice_event_none():
    from accord.pipeline import code_text

    coded = code_text(CHAIN + "\nRussian forces attacked Kharkiv on Monday.", date="2025-03-13")
    reported = [e for e in coded.events if "reject" in e.trigger.text]
    assert reported and reported[0].attribution.via == ("Digi24", "Reuters")
    own_voice = [e for e in coded.events if e.trigger.text == "attacked"]
    assert own_voice and own_voice[0].attribution is None


def test_wire_dateline_credits_every_claim(code):
    coded = code('MOSCOW (Reuters) - Sergei Lavrov said the talks had failed.')
    assert _quote(coded, "the talks had failed").via == ("Reuters",)


def test_unnamed_poll_is_a_document_source(code):
    coded = code("A new poll found that most Russians support the talks.")
    quote = _quote(coded, "most Russians support the talks")
    assert quote.speaker.text == "A new poll"
    assert any(s.kind == "document" and s.text == "A new poll found" for s in coded.sources)


def test_relative_pronoun_speaker_keeps_written_who(code):
    coded = code("The ceasefire was rejected by Sergei Lavrov, who said that the offer was a trap.")
    quote = _quote(coded, "the offer was a trap")
    assert quote.speaker.text == "who" and quote.speaker.name == "Sergei Lavrov"


def test_statement_named_by_cue_is_a_document_source(code):
    coded = code("In a statement, the Russian Foreign Ministry said the talks had failed.")
    assert any(s.kind == "document" and s.text == "In a statement, the Russian Foreign Ministry said" and s.code == "RUS"
               for s in coded.sources)


@pytest.mark.parametrize("text, written, name, anonymous", [
    ("Russian officials met in Moscow on Monday. They said the talks had failed.", "They", None, True),
    ("Sergei Lavrov arrived in Ankara on Monday. The minister said the talks had failed.", "The minister",
     "Sergei Lavrov", False),
    ("Sergei Lavrov arrived in Ankara on Monday. He said the talks had failed.", "He", "Sergei Lavrov", False),
])
def test_pronoun_and_description_speakers_resolve_and_are_one_source(code, text, written, name, anonymous):
    coded = code(text)
    speaker = _quote(coded, "the talks had failed").speaker
    assert (speaker.text, speaker.name, speaker.anonymous, speaker.code) == (written, name, anonymous, "RUS")
    cited = [s for s in coded.sources if s.kind in ("named", "anonymous")]
    assert len(cited) == 1 and cited[0].start == 0


def test_events_inside_a_claim_are_attributed_but_not_inside_an_aim(code):
    from accord.attribution import attribute_events
    from accord.model import Event, TextSpan

    text = ("Sergei Lavrov alleged that Ukrainian forces attacked Russian troops.\n"
            "The Kremlin plans to impose sanctions on Poland.")
    quotes = code(text).quotes

    def event_at(word):
        start = text.index(word)
        return Event("e", "ASSAULT", None, None, TextSpan(word, start, start + len(word)), 0, start,
                     start + len(word), 0.9, "test")

    claimed, aimed = attribute_events([event_at("attacked"), event_at("impose")], list(quotes))
    assert claimed.attribution.speaker.name == "Sergei Lavrov" and claimed.attribution.cue == "alleged"
    assert aimed.attribution is None


@pytest.mark.parametrize("text, contains, via", [
    ("Syrian state television said the army had retaken the town.", "the army had retaken", ("Syrian state television",)),
    ("Kim pledged to halt the tests, Yonhap News Agency reported.", "halt the tests", ("Yonhap News Agency",)),
    ("Avigdor Lieberman told Army Radio that Israel would study the list.", "Israel would study", ("Army Radio",)),
    ("The minister said the talks had failed, according to Iran's state-run IRNA news agency.", "the talks had failed",
     ("IRNA",)),
    ('"We will respond," Netanyahu said Sunday on CNN\'s "State of the Union."', "We will respond", ("CNN",)),
    ("On national TV network Channel 1, Putin said Ukraine should hold talks.", "Ukraine should hold talks",
     ("Channel 1",)),
])
def test_outlet_named_by_form_or_channel_phrase_is_the_via(code, text, contains, via):
    assert _quote(code(text), contains).via == via


def test_outlet_source_keeps_table_name_and_written_form(code):
    coded = code("The Washington Post reported that the rebels had withdrawn.")
    outlet = next(s for s in coded.sources if s.kind == "outlet")
    assert (outlet.text, outlet.name) == ("Washington Post", "The Washington Post")


@pytest.mark.parametrize("text, kind, cited", [
    ("Hamas said in a statement Sunday that the talks would resume.", "document", "Hamas said in a statement Sunday"),
    ('"It is going to be hard to save the deal," said one European diplomat, speaking on condition of anonymity.',
     "anonymous", "said one European diplomat, speaking on condition of anonymity"),
    ("The sanctions could block exports, according to a State Department official who briefed reporters.",
     "anonymous", "according to a State Department official who briefed reporters"),
    ("Trump said on Twitter that the deal was dead.", "document", "Trump said on Twitter"),
])
def test_source_spans_the_words_that_cite_it(code, text, kind, cited):
    assert any(s.kind == kind and s.text == cited for s in code(text).sources), code(text).sources


def test_he_continues_the_person_quoted_last_not_the_person_named_last(code):
    coded = code("Sergei Lavrov said the talks had failed. He criticised Donald Trump's remarks.\n"
                 '"Our worst fears are being confirmed," he said.')
    assert _quote(coded, "Our worst fears").speaker.name == "Sergei Lavrov"


def test_he_keeps_coreference_when_another_person_became_the_subject(code):
    coded = code("Sergei Lavrov said the talks had failed.\nVladimir Putin arrived in Ankara on Monday.\n"
                 '"We will not give up any territory," he said.')
    assert _quote(coded, "We will not give up").speaker.name == "Vladimir Putin"


def test_pronoun_speaker_keeps_the_outlet_the_person_spoke_through(code):
    coded = code('In an interview on NBC\'s "Meet the Press," Netanyahu said the plan was the only chance.\n'
                 '"That is the only game in town," he said.')
    assert "NBC" in _quote(coded, "only game in town").via


def test_reporting_verb_late_in_the_sentence_attributes_the_quote(code):
    coded = code('Lysenko said the talks had failed.\n"Sanctions are not an end in themselves," but are a way to '
                 "discourage Russia from further destabilizing its neighbor, Jose Manuel Barroso said before the summit.")
    assert _quote(coded, "Sanctions are not an end").speaker.name == "Jose Manuel Barroso"


def test_narration_verb_heading_a_partial_quote_is_its_content(code):
    coded = code('If Russia continues "escalating the situation," it will face more sanctions, said Ben Rhodes, '
                 "the deputy national security adviser.")
    assert _quote(coded, "escalating the situation").speaker.name == "Ben Rhodes"


def test_partial_quote_without_cue_is_the_clause_subjects(code):
    coded = code('Sergei Lavrov said the talks had failed.\n'
                 'Kim Jong Un made a broad commitment in Singapore to "work toward denuclearization" last year.')
    assert _quote(coded, "work toward denuclearization").speaker.text == "Kim Jong Un"


def test_person_in_apposition_is_the_speaker(code):
    coded = code("Iran's deputy foreign minister, Abbas Araghchi, said Iran would take another step back from the deal.")
    speaker = _quote(coded, "another step back").speaker
    assert speaker.name == "Abbas Araghchi" and speaker.code == "IRN"


def test_outlet_that_speaks_is_the_via(code):
    coded = code("The Global Times, a tabloid run by the ruling party's People's Daily, said all parties "
                 '"should cherish this hard-won state of affairs."')
    assert _quote(coded, "should cherish").via == ("Global Times",)


@pytest.mark.parametrize("text, contains, issuer", [
    ("A White House statement said the administration would target seven Russian officials.", "would target", "USA"),
    ("The fishermen may now go six miles out, according to a statement issued by Ismail Haniyeh.",
     "The fishermen may now go", "PSE"),
])
def test_document_speaks_for_its_issuer(code, text, contains, issuer):
    assert _quote(code(text), contains).speaker.code == issuer


def test_it_continues_the_body_quoted_last(code):
    coded = code("The U.N. Security Council called for an immediate humanitarian cease-fire on Sunday.\n"
                 "It said this would allow the delivery of urgently needed aid.")
    assert _quote(coded, "this would allow").speaker.code == "UNO"


@pytest.mark.parametrize("text, cited", [
    ("A senior U.S. military official told the Associated Press that Russia never flew bomber patrols there.",
     "A senior U.S. military official told the Associated Press"),
    ("Russian experts say the rebels are harmonizing their line with Moscow.", "Russian experts say"),
    ("That could include cutting off supplies of rocket engines, one official said, as well as aviation.",
     "one official said"),
])
def test_people_described_without_a_name_are_anonymous_sources(code, text, cited):
    assert any(s.kind == "anonymous" and s.text == cited for s in code(text).sources)


def test_agreement_calling_for_talks_is_no_source(code):
    coded = code("Envoys reached an ambitious agreement over the weekend calling for talks on the weapons.")
    assert not any(s.kind == "anonymous" for s in coded.sources)


@pytest.mark.parametrize("text, name", [
    ("Iran's foreign minister had earlier said on Twitter that the deal was not renegotiable.", "Twitter"),
    ("The U.S. mission said in a statement that Iran must be held accountable.", "U.S. mission"),
    ("A statement from Egypt's Foreign Ministry said the cease-fire would begin at midnight.", "Egypt's Foreign Ministry"),
])
def test_document_source_is_known_by_platform_or_issuer(code, text, name):
    assert any(s.kind == "document" and s.name == name for s in code(text).sources), code(text).sources


def test_outlet_named_post_is_no_document(code):
    coded = code("Rebel leaders gave conflicting answers about the cease-fire, the Washington Post reports.")
    assert not any(s.kind == "document" for s in coded.sources)


def test_outlet_reporting_what_someone_said_relays_it(code):
    coded = code("Deputy Foreign Minister Sergei Ryabkov called Trump's remarks negative, RIA state news agency "
                 'reported.\n"Our worst fears are being confirmed," he said.')
    relayed = _quote(coded, "Ryabkov called")
    assert relayed.speaker.name == "Sergei Ryabkov" and "RIA" in relayed.via
    follow_up = _quote(coded, "Our worst fears")
    assert follow_up.speaker.name == "Sergei Ryabkov" and "RIA" in follow_up.via


def test_outlet_quoting_someone_as_saying(code):
    coded = code("TASS quoted rebel officials as saying that equal talks are the only acceptable means.")
    quote = _quote(coded, "equal talks are the only")
    assert quote.speaker.text == "rebel officials" and quote.via == ("TASS",)


@pytest.mark.parametrize("text, contains, via", [
    ("Lavrov said in an interview with the Moscow Times that the talks had stalled.", "the talks had stalled",
     ("Moscow Times",)),
    ("In a CNN interview, Blinken said the talks had stalled.", "the talks had stalled", ("CNN",)),
    ("Zarif wrote in an op-ed in the Financial Times that the deal could be saved.", "the deal could be saved",
     ("Financial Times",)),
])
def test_interviews_and_op_eds_are_channels(code, text, contains, via):
    assert _quote(code(text), contains).via == via


def test_description_words_do_not_open_an_outlet_name(code):
    coded = code("These Times are hard, Lavrov said. A Fox News report said the talks had stalled.")
    assert {s.text for s in coded.sources if s.kind == "outlet"} == {"Fox News"}


def test_speaker_quoted_again_keeps_the_outlet(code):
    coded = code("Sergei Lavrov told Interfax that the talks had stalled.\n"
                 '"We will respond to any provocation," Lavrov said.')
    assert "Interfax" in _quote(coded, "We will respond").via


def test_cue_without_subject_is_spoken_by_the_name_before_it(code):
    coded = code("\u201cSome people here thought that it would be easy to deal with Trump,\u201d Yelena Suponina, "
                 "a Moscow-based Mideast expert, said in televised remarks.")
    assert _quote(coded, "Some people here thought").speaker.text == "Yelena Suponina"


def test_aside_cue_in_the_clause_speaks_the_partial_quote(code):
    coded = code('Benjamin Netanyahu spoke on Sunday. The international community, he said, was giving Hamas '
                 '"a tremendous victory" by suggesting Israel could not act.')
    assert _quote(coded, "a tremendous victory").speaker.name == "Benjamin Netanyahu"
    assert any("by suggesting Israel" in q.text and not q.direct for q in coded.quotes)


# The pattern of dev articles 2014-07-28 and 2016-12-30 (tuning part): a definite document
# speaks for the body named as a subject just before it.
@pytest.mark.parametrize("text,contains,code", [
    ("The Security Council urged Israel and Hamas to accept a cease-fire. It said this would allow "
     "aid deliveries. The council's presidential statement also called on the parties \"to engage in "
     "efforts to achieve a durable cease-fire.\"", "to engage in efforts", "UNO"),
    ("The military said it opened artillery fire on Beit Lahiya, said the office of Israel's military "
     "spokesman. \"Quiet will be met with quiet,\" the office statement said.", "Quiet will be met", "ISR"),
])
def test_a_definite_document_speaks_for_the_body_named_before(text, contains, code):
    from accord.pipeline import code_text
    quotes = [q for q in code_text(text, date="2016-12-30").quotes if contains in q.text]
    assert quotes and all(q.speaker.code == code for q in quotes)
    assert all(q.speaker.rule.endswith("+attribution/quotes:document-issuer-named-before") for q in quotes)


def test_a_bare_document_is_not_guessed():
    from accord.pipeline import code_text
    text = ("The Security Council met on Sunday. The statement said \"the ship had 23 crew members aboard.\"")
    quotes = [q for q in code_text(text, date="2019-07-20").quotes if "23 crew" in q.text]
    assert quotes and all(q.speaker.code is None for q in quotes)
