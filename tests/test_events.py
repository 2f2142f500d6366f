"""Event detection on news sentences: type, source and target from the parse.

The sentences are taken from the training part of ../shared/data/plv_train.jsonl (never
its dev part), shortened where the rest of the sentence does not matter.
"""

from __future__ import annotations

import pytest

from accord.events import EventOptions
from accord.pipeline import code_text
from accord.settings import Settings

from conftest import every_act

def _events(sentence: str):
    """Every act found, coded source or not: these tests are about detection and roles."""
    return every_act(code_text(sentence, date="2020-01-01"))


def test_act_of_an_uncoded_party_is_kept_apart_from_the_events():
    coded = code_text("The Ogaden National Liberation Front (ONLF) has declared a unilateral ceasefire "
                      "effective from Sunday in Somalia. Iran's Foreign Ministry announced the release "
                      "of two Kuwaiti nationals.", date="2020-01-01")
    assert [(e.type, e.source.code) for e in coded.events] == [("RETREAT", "IRN")]
    assert [(e.type, e.source.text) for e in coded.unattributed_events] == [
        ("CONCEDE", "The Ogaden National Liberation Front")]
    assert all(stance.holder.code for stance in coded.stances)


@pytest.mark.parametrize(
    ("sentence", "type_", "source", "target"),
    [
        ("Brazil's federal police filed new charges against President Michel Temer on Tuesday.",
         "ACCUSE", "BRA", "BRA"),
        # PLOVER manual: "declarations (but not implementations) of ceasefires" are CONCEDE.
        ("The Ogaden National Liberation Front (ONLF) has declared a unilateral ceasefire effective "
         "from Sunday in Somalia.", "CONCEDE", None, "SOM"),
        ("Iran's Foreign Ministry announced the release of two Kuwaiti nationals who had been "
         "recently arrested for illegal entry into Iranian waters.", "RETREAT", "IRN", "KWT"),
        ("Israel was willing to withdraw its troops from the West Bank cities if the PA assumed "
         "strong control of the areas.", "AGREE", "ISR", None),
        ("The US has issued an ultimatum to Turkey.", "THREATEN", "USA", "TUR"),
        ("Victoire Ingabire, leader of the FDU-Inkingi political party, was arrested in Rwanda for "
         "collaborating with a terrorist group.", "COERCE", "RWA", None),
        ("Directly after the attacks Tuesday, the Afghan government said Taliban militants were "
         "responsible.", "ACCUSE", "AFG", None),
        ("And Amnesty International put out a report accusing the Nigerian army of failing to "
         "respond to warning signs before the mass kidnapping.", "ACCUSE", None, "NGA"),
        ("Clinton Administration sharply reduced military aid to the Colombian army because of its "
         "poor record on human rights.", "SANCTION", None, "COL"),
        ("The United States returned six Iraqi artifacts to the government of Iraq after "
         "investigation by ICE.", "RETREAT", "USA", "IRQ"),
    ],
)
def test_news_sentence_codes_expected_event(sentence, type_, source, target):
    events = [e for e in _events(sentence) if e.type == type_]
    assert events, f"no {type_} event in {[(e.type, e.rule) for e in _events(sentence)]}"
    event = events[0]
    if source is not None:
        assert event.source is not None and event.source.code == source
    if target is not None:
        assert event.target is not None and event.target.code == target


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # A belief verb is not the act its object names.
        ("Russia views the ceasefire proposal with skepticism.", "RETREAT"),
        # "insisted" codes a demand only for a mandative clause.
        ("Russia insisted its troops were not involved.", "REQUEST"),
        # A name containing an event noun is not that event.
        ("Amnesty International published its annual report on Monday.", "CONCEDE"),
    ],
)
def test_no_event_where_the_words_only_look_like_one(sentence, absent):
    assert absent not in {e.type for e in _events(sentence)}


def test_pronoun_source_keeps_its_antecedent():
    (event,) = [e for e in _events("Teachers have asserted that they will not end the strike "
                                   "until their demands are met.") if e.type == "REJECT"]
    assert event.source.text == "they"
    assert event.source.antecedent is not None and event.source.antecedent.text == "Teachers"


def test_co_subject_of_a_meeting_is_its_target():
    (event,) = [e for e in _events("Iran and Oman met in Muscat on Sunday.") if e.type == "CONSULT"]
    assert (event.source.code, event.target.code) == ("IRN", "OMN")


def test_dateline_city_is_not_the_source():
    events = _events("MOSCOW (Sputnik) - A court in Ecuador has revoked the decision on pre-trial "
                     "detention of ex-Ecuadorian Foreign Minister Ricardo Patino.")
    assert all(e.source is None or e.source.text != "MOSCOW" for e in events)


def test_dateline_is_a_sentence_of_its_own():
    # Parsed with its dateline, "THE HAGUE" became the subject of "charged".
    (event,) = _events("THE HAGUE, Netherlands -- A United Nations prosecutor has charged a former Rwandan "
                       "planning minister with contempt of court for allegedly bribing witnesses.")
    assert (event.type, event.source.text, event.target.text) == (
        "ACCUSE", "A United Nations prosecutor", "a former Rwandan planning minister")


def test_name_misparsed_as_modifier_of_its_verb_is_its_subject():
    # The small model parses "USAID" as an adverb of "provided".
    (event,) = [e for e in _events("In cooperation with international partners, USAID provided basic shelter "
                                   "materials to 1.5 million people.") if e.type == "AID"]
    assert (event.source.text, event.source.code) == ("USAID", "USA")


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    ("USAID had announced a suspension of aid in Yemen.", "SANCTION", "USAID"),
    # parsed as a conjunct of Zimbabwe
    ("On a visit to Zimbabwe, South African President Cyril Ramaphosa voiced his strong support of "
     "President Emmerson Mnangagwa.", "SUPPORT", "South African President Cyril Ramaphosa"),
])
def test_misparsed_subject_before_auxiliary_or_after_fronted_phrase(sentence, type_, source):
    assert [(e.type, e.source.text) for e in _events(sentence)] == [(type_, source)]


@pytest.mark.parametrize(("sentence", "type_", "source", "target"), [
    # PETRARCH's "obtain" block codes the receiver as the actor.
    ("Ukraine received military aid from Germany.", "AID", "Germany", "Ukraine"),
    ("Today, Iran's government faces widespread international criticism from the U.N. over its detention "
     "of activists.", "ACCUSE", "the U.N.", "Iran's government"),
    ("Mr. Putin is facing international isolation and economic sanctions from the United States.",
     None, "the United States", "Mr. Putin"),
])
def test_the_giver_acts_on_whoever_receives(sentence, type_, source, target):
    events = [e for e in _events(sentence) if type_ is None or e.type == type_]
    assert [(e.source.text, e.target.text) for e in events] == [(source, target)]


@pytest.mark.parametrize(("sentence", "type_", "source", "target"), [
    ("Talks between Russia and Ukraine resumed in Istanbul.", "CONSULT", "Russia", "Ukraine"),
    ("Clashes between police and protesters erupted in Nairobi.", "ASSAULT", "police", "protesters"),
    ("The United States remains the largest single donor of humanitarian assistance in Iraq.", "AID",
     "The United States", "Iraq"),
    ("The Swiss government gave account information of the account holders to the Indian government.",
     "COOPERATE", "The Swiss government", "the Indian government"),
    ("On May 12, 2010, US government returned dozens of pre-Columbian and Mayan artifacts to the Embassy "
     "of El Salvador.", "RETREAT", "US government", None),
])
def test_noun_and_phrase_readings(sentence, type_, source, target):
    assert [(e.type, e.source.text, e.target and e.target.text) for e in _events(sentence)] == [
        (type_, source, target)]


def test_a_copula_makes_only_a_doer_noun_an_act_of_its_subject():
    assert not [e for e in _events("Russia is a threat to Europe.") if e.type == "THREATEN"]


def test_whoever_dies_is_no_attacker():
    assert all(e.source is None or e.source.text != "Political prisoner"
               for e in _events("Political prisoner died in a captivity in Iran due to continued torture."))


def test_a_host_receiving_a_visitor_acts_on_the_visitor():
    (event,) = _events("Putin received the Iranian foreign minister in the Kremlin.")
    assert (event.source.text, event.target.text) == ("Putin", "the Iranian foreign minister")


def test_a_capitalised_phrase_with_lowercase_words_is_no_dateline():
    from accord.nlp import load_nlp

    doc = load_nlp()("Russia's foreign minister - Sergei Lavrov - rejected the plan.")
    assert len(list(doc.sents)) == 1


def test_require_source_option_keeps_sourceless_events():
    sentence = "Dozens of rockets struck the city overnight."
    lenient = Settings(events=EventOptions(require_source=False, min_confidence=0.0))
    assert not [e for e in _events(sentence) if e.source is None]
    assert [e for e in code_text(sentence, settings=lenient).unattributed_events if e.source is None]


@pytest.mark.parametrize(("sentence", "type_"), [
    # ACLED Kenya notes (../shared/data/acled_kenya.csv): the perpetrator is unnamed, the
    # place is not.
    ("Protests in Kogony against handing over expansion construction of Kisumu Airport to a contractor.",
     "PROTEST"),
    ("Several farms attacked in Molo district - 30 houses razed/ 1 was killed during the arson attacks.",
     "ASSAULT"),
])
def test_sourceless_violence_and_protest_with_a_named_place_are_kept(sentence, type_):
    events = _events(sentence)
    assert any(e.type == type_ and e.source is None for e in events), events


def test_sourceless_violence_with_only_a_victim_is_dropped():
    # News background ("the conflict has killed ...", "sanctions against X") names a victim
    # but neither a perpetrator nor where it happened: no event an analyst can attribute.
    assert not [e for e in _events("The conflict has already killed more than 1,000 Palestinians.") if e.source is None]
    assert [e for e in _events("Sanctions against the foreign minister were imposed in Nairobi.") if e.source is None]


def test_place_of_another_clause_does_not_place_a_sourceless_act_where_parties_are_named():
    # The parties' sentence: "in Brussels" is where the leaders met, not where sanctions were.
    events = _events("EU leaders meeting in Brussels on Saturday shied away from immediately imposing tougher sanctions.")
    assert not [e for e in events if e.source is None and e.type == "COERCE"], events


@pytest.mark.parametrize(("sentence", "type_"), [
    # ACLED Kenya notes: incident phrasings of the hand-checked lexicon.
    ("On December 23 2019, an IED exploded near military forces patrolling in Lagh Kutulo, Wajir.", "ASSAULT"),
    ("Twelve people were injured in ethnic violence in Molo.", "ASSAULT"),
    # ... and of its rows for crowds breaking up gatherings, beatings and thrown missiles
    ("Rowdy youth disrupted Kenyatta's rally in Kisumu.", "PROTEST"),
    ("Police officers in Kangemi flogged voters who were not forming straight lines.", "ASSAULT"),
    ("In Bondo, more than 250 people who had convened at Sironyo Academy on the outskirts of the town were roughed "
     "up by angry youth, forcing them to run for their lives.", "ASSAULT"),
    ("Rioters stoned Oxfam offices in Wajir over high prices of food.", "ASSAULT"),
    ("In Busia, rowdy Nasa supporters lobbed tear gas at the police sparking running battles.", "ASSAULT"),
    ("Voters at Kuresoi chased the local MP from the polling station.", "COERCE"),
])
def test_incident_phrasings_are_coded(sentence, type_):
    assert any(e.type == type_ for e in _events(sentence)), _events(sentence)


def test_place_of_a_reported_speech_does_not_place_the_violence_it_reports():
    # "in Warsaw" is where the minister spoke; "the violence" is told, not placed there.
    events = _events("Speaking in Warsaw, the minister said the violence must end.")
    assert not [e for e in events if e.source is None and e.type == "ASSAULT"], events


def test_sourceless_event_from_a_generic_verb_is_dropped():
    # PETRARCH's synonym blocks read "plagued" as a protest; with no perpetrator named,
    # only a hand-checked trigger is trusted.
    assert not [e for e in _events("Delays plagued Congress in India last year.") if e.source is None]


def test_purpose_clause_shares_the_main_subject():
    # ACLED Kenya note: the transporters protest, though "to protest" has no subject of its own.
    events = _events("Transporters blocked the highway near Mlolongo on 26/01 to protest the closing of "
                     "access roads by police.")
    assert any(e.type == "PROTEST" and e.source is not None and e.source.text == "Transporters" for e in events), events


@pytest.mark.parametrize(("sentence", "source", "target"), [
    # ACLED Kenya notes: crowd repression (CAMEO 175, PLOVER ASSAULT) and mob killings.
    ("On 09 October, police used tear gas to disperse NASA protesters in Machakos.", "police", "NASA protesters"),
    ("Police fired tear gas at protesters in Kisumu.", "Police", "protesters"),
    ("Two woman who were accused of witchcraft are lynched in Nyamokenye village, Nyamira.", None, "Two woman"),
])
def test_repression_and_lynching_are_assaults(sentence, source, target):
    events = [e for e in _events(sentence) if e.type == "ASSAULT"]
    assert any((e.source.text if e.source else None) == source and e.target is not None and e.target.text == target
               for e in events), events


@pytest.mark.parametrize(("sentence", "source"), [
    ("Clashes erupted in Moyale on Monday.", None),  # the verb's phrase places the eventive noun
    ("Hundreds of youths protested in Nairobi.", None),
    ("Angered residents in Nakuru burn a truck carrying meat.", "Angered residents"),  # ACLED Kenya notes
    ("The squatters threw stones at police in Mombasa.", "The squatters"),
    ("ODM youths protested in Langata when the primary results were announced.", None),  # Langata tagged a person
    ("There were intense firefights between Pokot militias and government forces near Olmaiso, in Laikipia.",
     "Pokot militias"),  # the first side of "between" is the source
    # A sentence naming no party places its act wherever the parse hangs the place.
    ("Three people were shot dead and two others injured during an attack at Bendera village in Baragoi town.", None),
    ("Striking nurses protest in Nyeri town on May 22, 2017", None),  # Nyeri tagged an organisation
    # The place is in a clause of the same incident: a time clause under the act, or the
    # clause the act hangs from (ACLED Kenya notes, training rows).
    ("On December 27 2019, 2 Kenyan security forces were killed and 7 others injured when their vehicle ran "
     "over an IED on the Kutulo-Khorof Kharar road in Wajir (Al Shabaab assumed responsible).", None),
    ("On November 13, 2019, anti-abortion protesters gathered at the KICC in central Nairobi, before being "
     "dispersed by police from the GSU.", None),
])
def test_violence_told_with_its_place_is_coded(sentence, source):
    events = _events(sentence)
    assert any((e.source.text if e.source else None) == source and e.location is not None for e in events), events


def test_hundreds_of_a_group_is_that_group():
    events = _events("Hundreds of Kenyan students protested against the fee increase.")
    assert any(e.type == "PROTEST" and e.source is not None and e.source.code == "KEN" for e in events), events


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # PLV training sentences (types as PLV labels them).
    ("The UN has declared a state of siege in Katanga pending a manhunt.", "COERCE", "The UN"),
    ("Roberto Micheletti declared a 45-day state of emergency.", "COERCE", "Roberto Micheletti"),
    ("The Iranian government declared its support for the Sochi deal.", "SUPPORT", "The Iranian government"),
    ("Afghan President Ashraf Ghani on Thursday announced a weeklong cease-fire with the Taliban.", "CONCEDE",
     "Afghan President Ashraf Ghani"),
    ("The EU imposed a new round of sanctions on Russia.", "impose_sanctions", "The EU"),
    ("ICE in Miami returned five pre-Columbian artifacts to the government of Peru on June 2, 2010.", "RETREAT",
     "ICE"),
])
def test_object_phrases_and_abbreviations_are_read(sentence, type_, source):
    # type_ is the PLOVER type, or the lexicon row where the classifier may retype the event
    events = _events(sentence)
    assert any(type_ in (e.type, e.rule.split("+")[0].rsplit(":", 1)[-1]) and e.source is not None
               and e.source.text == source for e in events), [(e.type, e.source and e.source.text, e.rule) for e in events]


def test_a_state_of_emergency_is_not_a_target_state():
    (event,) = [e for e in _events("President Otto Pérez Molina declared a state of siege in the town.")
                if e.type == "COERCE"]
    assert event.target is None


def test_uncoded_group_is_the_it_of_its_own_reported_clause():
    (event,) = [e for e in _events("The committee declared that it will not end the strike until the "
                                   "authorities fulfill its demands.") if e.type == "REJECT"]
    assert event.source.text == "it" and event.source.antecedent.text == "The committee"


def test_his_country_is_read_from_the_speaker():
    (event,) = [e for e in _events("Putin said his country will not lift the ban on the EU.") if e.type == "REJECT"]
    assert event.source.code == "RUS" and event.source.antecedent.text == "Putin"


def test_capitalised_heading_words_are_no_actor():
    assert not any(e.source is not None and e.source.text.startswith("KEY")
                   for e in _events("KEY POINTS Britain said the deal would mean a hard border."))


@pytest.mark.parametrize("sentence", [
    # PLV training sentences, labelled AID there (CAMEO 074: provide peacekeeping).
    "The US military sent 200 troops in Syria to serve as a peacekeeping force after it pulls out most of "
    "its soldiers, the White House says.",
    "Nigeria on Saturday announced the deployment of 230 troops, including 19 officers, to Liberia on a "
    "peacekeeping mission.",
])
def test_troops_sent_to_keep_the_peace_are_aid(sentence):
    (event,) = [e for e in _events(sentence) if e.trigger.text in ("sent", "deployment")]
    assert (event.type, event.cameo) == ("AID", "074") and event.rule.endswith("+peacekeeping")


@pytest.mark.parametrize(("sentence", "type_", "source", "target"), [
    # PLV training sentences: a court finding guilty (CAMEO 116), human shields (184), calls
    # for sanctions (PETRARCH's 1312), a subjectless "let free", a container noun under a
    # light verb, deployed troops with no agent, cyber warfare (the manual's COERCE cyber).
    ("A Copenhagen City Court judge found Britta Nielsen guilty of stealing nearly 117 million kroner.",
     "ACCUSE", "A Copenhagen City Court judge", "Britta Nielsen"),
    ("Islamic State militants held around 20,000 civilians as human shields in Raqqa.", "ASSAULT",
     "Islamic State militants", "around 20,000 civilians"),
    ("Some European countries have called for sanctions against Moscow over the Navalny case.", "THREATEN",
     "Some European countries", "Moscow"),
    ("Ethiopia let free some 74 political leaders and members of a tiny rebel group.", "RETREAT", "Ethiopia",
     "some 74 political leaders and members of a tiny rebel group"),
    ("The Jordan and the United States began a new round of joint military exercises today.", "COOPERATE",
     "The Jordan", "the United States"),
    ("Approximately 2,000 Russian soldiers were deployed as peacekeeping forces along the Lachin corridor.",
     "AID", "Approximately 2,000 Russian soldiers", None),
    ("Estonia has launched cyber warfare against Krugman.", "COERCE", "Estonia", None),
    # Acceding to demands (CAMEO 083), an honour (051), an ordered attack, a verbal attack,
    # an expulsion by the country named, rolled-back tariffs (085), a halt to operations (087),
    # a repeal (081), and an agreement signed by two parties (057, mutual).
    ("Nepal's government accepts the key demands by protesters in southern Nepal.", "CONCEDE",
     "Nepal's government", "protesters"),
    ("Kosovo has awarded the Freedom Order to former U.S. President Bill Clinton.", "SUPPORT", "Kosovo",
     "former U.S. President Bill Clinton"),
    ("Israeli Prime Minister Benjamin Netanyahu ordered massive attacks on the Gaza Strip Sunday.", "ASSAULT",
     "Israeli Prime Minister Benjamin Netanyahu", "the Gaza Strip"),
    ("Uttar Pradesh Chief Minister Yogi Adityanath on Sunday launched a scathing attack on the state "
     "government.", "ACCUSE", "Uttar Pradesh Chief Minister Yogi Adityanath", "the state government"),
    ("Two inspectors for the United Nations nuclear monitoring agency have been expelled from North Korea.",
     "SANCTION", "North Korea", "Two inspectors"),
    ("The U.S. rolled back tariffs on Chinese goods in exchange for more U.S. goods purchases.", "RETREAT",
     "The U.S.", "Chinese"),
    ("The Syrian army says it has ceased its military operations in several areas near Damascus.", "RETREAT",
     "it", None),
    ("The UAE has repealed its boycott law against Israel.", "CONCEDE", "The UAE", "Israel"),
    ("China's Premier Li Keqiang and his Pakistani counterpart Imran Khan signed 15 agreements.", "SUPPORT",
     "China's Premier Li Keqiang", "his Pakistani counterpart"),
    # What aid is for is part of the aid; borders opened to those who flee (075); training
    # another's forces and joint war games are military cooperation (062).
    ("The United States has also provided nearly $1.7 billion in humanitarian assistance to support Syrian "
     "refugees in Jordan.", "AID", "The United States", "Syrian"),
    ("Turkey very generously opened its borders to such a large number of Syrians, Iraqis and Afghans.", "AID",
     "Turkey", "Syrians"),
    ("The US military trains Iraqi soldiers.", "COOPERATE", "The US military", "Iraqi soldiers"),
    ("Russia and Belarus held military exercises near the Polish border.", "COOPERATE", "Russia", "Belarus"),
    # Granting what another asked for is yielding (CAMEO 080).
    ("U.S. District Judge David J. Hale granted another temporary restraining order sought by the American "
     "Civil Liberties Union.", "CONCEDE", "U.S. District Judge David J. Hale", "the American Civil Liberties Union"),
])
def test_plv_phrasings_get_their_type_and_parties(sentence, type_, source, target):
    # The rows' own reading: the classifier learns PLV's labels, which code cyber attacks
    # as ASSAULT where the manual says COERCE.
    coded = every_act(code_text(sentence, date="2020-01-01", settings=Settings(use_model=False)))
    events = [e for e in coded if e.type == type_]
    assert events, coded
    assert (events[0].source.text, events[0].target and events[0].target.text) == (source, target)


@pytest.mark.parametrize(("sentence", "cameo"), [
    # PLV training sentences, labelled THREATEN there: a hostile act announced for the future
    # is a threat of it (CAMEO's "threaten to" codes; the manual's THREATEN modes).
    ("Prime Minister Andrew Holness has announced that the government will extend the current nightly "
     "curfew in Jamaica.", "132"),
    ("The Nigerian government announced it would boycott a World Economic Forum (WEF) conference.", "133"),
    ("Turkey will begin a new military operation against U.S-backed Kurdish fighters in Syria within a "
     "few days.", "1384"),
])
def test_hostile_acts_announced_for_the_future_are_threats(sentence, cameo):
    events = [e for e in _events(sentence) if e.type == "THREATEN"]
    assert events and events[0].cameo == cameo and events[0].rule.split("+")[1] == "future", _events(sentence)


@pytest.mark.parametrize("sentence", [
    "Israel would strike Iran if it built a bomb.",            # conditional: stays hypothetical
    "Russia will not attack Ukraine, the Kremlin said.",       # negated
    "The leaders will discuss Moscow's annexation of Crimea.",  # the future is the talk's, not the annexation's
])
def test_acts_that_are_not_announced_stay_what_they_are(sentence):
    assert not any(e.type == "THREATEN" for e in _events(sentence)), _events(sentence)


def test_a_refused_act_lends_its_target_to_the_refusal():
    # PLV training sentence: the parser hangs "his willingness" on "refused" as its object.
    events = code_text("President Herrera refused to meet with the American envoy when he arrived but his "
                       "willingness to allow him into the country brought about his ruin.", date="2020-01-01",
                       settings=Settings(use_model=False)).events
    assert [(e.type, e.target.code) for e in events if e.type in ("REJECT", "CONSULT")] == [("REJECT", "USA")]


@pytest.mark.parametrize("sentence", [
    "The court found him not guilty of all charges.",   # acquittal, not an accusation
    "The president returned to Kyiv on Monday.",        # "return to" with no object returns nothing
    "Mrs May remains committed to negotiating the divorce deal.",  # a state, not a verdict
])
def test_near_misses_of_new_rows_code_nothing(sentence):
    assert not any(e.type in ("ACCUSE", "RETREAT", "SUPPORT") for e in _events(sentence)), _events(sentence)


def test_troops_sent_to_a_border_are_a_mobilisation():
    (event,) = _events("Russia deployed 10,000 troops to the border with Ukraine.")
    assert event.type == "MOBILIZE"


@pytest.mark.parametrize(("sentence", "type_"), [
    # ACLED Kenya notes: violence and protest by groups the actor tables do not code.
    ("The Mungiki sect reportedly murdered a matatu operator in Nairobi.", "ASSAULT"),
    ("Jubilee supporters damaged property in Muranga during the party primaries.", "ASSAULT"),
    ("Residents of Mwingi Town barricaded the Mwingi-Garissa highway.", "PROTEST"),
    ("A group protests against genetic food modification in Nairobi.", "PROTEST"),
    # PLV training sentences: CAMEO 1661-1663, 057, 045, and the manual's COERCE 'seize'
    # (search, confiscation, raid), which taking a town is not.
    ("The UN withdrew peacekeepers from Sinai.", "SANCTION"),
    ("Iraq expelled all UNSCOM weapons inspectors.", "SANCTION"),
    ("Hungarian Prime Minister Viktor Orban on Thursday pledged his full support for an Italian-Polish "
     "initiative.", "SUPPORT"),
    ("UK and EU negotiators have agreed a landmark free trade agreement.", "SUPPORT"),
    ("Iraqi government troops have captured the mosque in Mosul.", "ASSAULT"),
    ("Police captured two suspects in Nairobi.", "COERCE"),
    ("Russia's president, Mr Vladimir Putin, launched a mediation effort between India and Pakistan.", "CONSULT"),
    ("Russia launched a campaign of air strikes.", "ASSAULT"),
    ("The United States accepted 1,141 Iraqi refugees in May.", "AID"),
])
def test_sentence_is_coded_with_its_type(sentence, type_):
    assert type_ in [e.type for e in _events(sentence)]


@pytest.mark.parametrize("sentence", [
    "Brazil beat Germany 2-0 in the final.",
    "Obama beat Romney in the election.",
    "The court blocked the law.",
])
def test_winning_and_blocking_a_law_are_no_violence(sentence):
    assert [e.type for e in _events(sentence) if e.type in ("ASSAULT", "PROTEST")] == []


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # PLV training sentences, and the manual's rule that cooperation (CONSULT, SUPPORT,
    # COOPERATE, AID) reported in the future tense is AGREE.
    ("Israeli troops remained on alert in North District amid heightened tensions.", "MOBILIZE", "Israeli troops"),
    ("Netherlands and Russia failed to reach agreement on changing double-taxation treaty.", "REJECT", "Netherlands"),
    ("Turkey has suspended food supplies and flights to Armenia.", "SANCTION", "Turkey"),
    ("This week, the United States handed over more than USD $4 million worth of new medical equipment and "
     "medicines to the Ministry of Health of Ethiopia.", "AID", "the United States"),
    ("Putin will meet Trump in Helsinki next month.", "AGREE", "Putin"),
    ("The Chinese president is scheduled to visit Pakistan.", "AGREE", "The Chinese president"),
    ("Kerry said the United States would talk to North Korea.", "AGREE", "the United States"),
    ("The Philippine government will provide financial assistance to Vietnam.", "AGREE", "The Philippine government"),
    ("A court in Bavaria has convicted an Iranian and three Afghan men over their assault.", "ACCUSE", "A court"),
])
def test_codebook_phrasings_are_coded(sentence, type_, source):
    assert (type_, source) in [(e.type, e.source and e.source.text) for e in _events(sentence)]


@pytest.mark.parametrize(("sentence", "type_"), [
    ("Putin met Trump in Helsinki.", "CONSULT"),
    ("The United States would talk to North Korea if it gave up its nuclear weapons.", "CONSULT"),
    # The manual codes an announced retreat as CONCEDE, never as AGREE.
    ("Sri Lankan Tamil rebels have said that they will release two homeguards.", "CONCEDE"),
])
def test_cooperation_held_or_only_imagined_and_future_concessions_keep_their_type(sentence, type_):
    types = [e.type for e in _events(sentence)]
    assert type_ in types and "AGREE" not in types


def test_a_call_on_a_date_is_no_call_on_someone():
    events = _events("Netanyahu called Morrison on Wednesday to congratulate him.")
    assert "REQUEST" not in [e.type for e in events]


def test_a_passive_verb_sharing_an_active_subject_takes_it_as_target():
    # From a corpus article: the attackers were killed, they did not kill.
    sentence = ("CNN notes that the attackers had body armor and semiautomatic weapons and yet were "
                "killed by a traffic officer with a pistol.")
    [event] = [e for e in _events(sentence) if e.type == "ASSAULT"]
    assert (event.source.text, event.target.text) == ("a traffic officer", "the attackers")


@pytest.mark.parametrize("sentence", [
    "Russia is signaling to Washington that it will tolerate no further strikes.",
    "The president wants Congress to modify the law.",
])
def test_a_petrarch_synonym_default_alone_codes_no_event(sentence):
    # "signal" and "want" code AGREE only as members of PETRARCH's synonym blocks.
    assert not [e for e in _events(sentence) if "events/verbs.tsv" in e.rule]


@pytest.mark.parametrize("sentence", [
    "Putin rejected the proposal after his first meeting with Poroshenko.",
    "The sanctions come ahead of Tillerson's trip to Moscow next week.",
    "Moscow sent peace signals just before the NATO summit.",
])
def test_an_event_noun_that_frames_another_act_is_no_event(sentence):
    assert not [e for e in _events(sentence) if e.trigger.text in ("meeting", "trip", "summit")]


@pytest.mark.parametrize(("sentence", "accused"), [
    ("Ukraine says Russian troops attacked the border town of Novoazovsk.", "RUS"),
    ("Israel says it struck two rocket launchers in Gaza.", None),  # its own act
    ("Lavrov said Russia did not attack the convoy.", None),  # a denial
])
def test_a_reported_hostile_act_of_another_actor_is_the_speakers_accusation(sentence, accused):
    accusations = [e for e in _events(sentence) if e.type == "ACCUSE" and e.rule.endswith("+reported:act")]
    assert [e.target.code for e in accusations] == ([accused] if accused else [])


@pytest.mark.parametrize(("sentence", "trigger"), [
    ("Rebels have rejected any talks unless Ukrainian forces halt their offensive.", "halt"),
    ("Leaders expressed pessimism about whether Assad will comply.", "comply"),
    ("Peskov wouldn't say if Russia could use its military assets to protect Syrian facilities.", "use"),
])
def test_an_act_in_a_condition_or_open_question_is_no_event(sentence, trigger):
    assert not [e for e in _events(sentence) if e.trigger.text == trigger]


@pytest.mark.parametrize(("sentence", "type_", "key"), [
    ("The EU has so far sanctioned 33 individuals over the Crimea annexation.", "SANCTION", "sanctions"),
    ("Russia rejected talks on North Korea's nuclear weapons.", "REJECT", "nuclear"),
])
def test_issue_key_from_the_acts_own_word_and_from_nuclear_weapons(sentence, type_, key):
    events = [e for e in _events(sentence) if e.type in (type_, "COERCE")]
    assert events and events[0].issue is not None and events[0].issue.key == key, events


def test_the_author_of_a_welcomed_act_is_the_target():
    events = [e for e in _events("China welcomed the North Korean announcement.") if e.type == "SUPPORT"]
    assert [(e.source.code, e.target and e.target.code) for e in events] == [("CHN", "PRK")]


@pytest.mark.parametrize("sentence", [
    "Top GOP lawmakers have expressed concerns that Trump's tariff threat could upend that deal.",
    "Israel has repeatedly voiced concern that Assad may fire his chemical weapons at Israel.",
    "Britain raised concerns about the extradition bill with China.",
])
def test_voicing_concern_is_an_accusation(sentence):
    assert any(e.type == "ACCUSE" and e.rule.split("@")[-1].split("+")[0].endswith("_concern") for e in _events(sentence))


def test_a_force_named_by_its_nationality_acts_for_its_country():
    events = [e for e in _events("Israeli jets pounded three Hamas sites in Gaza on Monday.") if e.type == "ASSAULT"]
    assert [(e.source.code, e.target and e.target.code) for e in events] == [("ISR", "PSE")]


def test_a_claim_read_from_the_acts_own_verb_replaces_the_act():
    events = _events("Israeli Prime Minister Benjamin Netanyahu says Hamas is already violating its own cease-fire.")
    assert [(e.type, e.source.code) for e in events if e.trigger.text == "violating"] == [("ACCUSE", "ISR")]


@pytest.mark.parametrize("sentence", [
    "Turkey is prepared to launch a military operation in Syria.",
    "Russia is willing to attack Ukraine.",
])
def test_readiness_for_a_hostile_act_is_a_threat(sentence):
    assert [e.type for e in _events(sentence) if "+offer" in e.rule] == ["THREATEN"]


def test_an_unlinked_party_of_the_sentence_is_the_target():
    protest = _events("Russia's foreign ministry protested after Britain expelled three diplomats.")[0]
    assert (protest.type, protest.source.code, protest.target.code) == ("PROTEST", "RUS", "GBR")
    assert protest.target.rule.endswith("+counterpart-in-sentence")


def test_the_place_of_an_announcement_is_not_its_target():
    sentence = ("Obama announced the sanctions at a news conference in Manila, where he is making the "
                "Philippines his last stop on a four-country tour of Asia.")
    sanction = next(e for e in _events(sentence) if e.source is not None and e.source.code == "USA")
    assert sanction.target is None


def test_a_hostile_act_with_no_party_named_is_aimed_at_the_usual_side():
    text = ("Israeli jets struck Hamas positions in Gaza overnight. Israel also shelled Hamas "
            "training camps. On Sunday, Israeli aircraft hit about 20 targets, the army said.")
    strikes = [e for e in code_text(text, date="2014-07-27").events if e.type == "ASSAULT"]
    last = max(strikes, key=lambda e: e.trigger.start)
    assert last.trigger.text == "hit" and last.target.code == "PSE"
    assert last.target.rule.endswith("+usual-partner-in-article")


def test_a_proposal_named_vaguely_takes_the_articles_main_issue():
    text = ("Egypt proposed a 72-hour ceasefire in Gaza on Sunday. Israel rejected the truce. "
            "Hamas officials said they accepted the Egyptian proposal.")
    events = code_text(text, date="2014-08-10").events
    accepted = next(e for e in events if e.trigger.text == "accepted")
    assert accepted.issue.text == "the Egyptian proposal"
    assert (accepted.issue.key, accepted.issue.rule) == ("ceasefire", "issue:article-main-key")
    rejected = next(e for e in events if e.trigger.text == "rejected")
    assert rejected.issue.rule.startswith("issues/keywords.tsv:")


@pytest.mark.parametrize("sentence", [
    "Poroshenko's office initially released a brief statement saying a permanent cease-fire had been reached.",
    "Iran's Revolutionary Guard also released a new video of the incident.",
])
def test_publishing_a_statement_or_a_video_is_no_release(sentence):
    assert not [e for e in _events(sentence) if e.type == "RETREAT"]


def test_a_released_captive_still_is():
    [release] = [e for e in _events("Iran released the British-flagged tanker Stena Impero on Friday.")
                 if e.type == "RETREAT"]
    assert release.source.code == "IRN"


def test_agency_credit_lines_hold_no_events():
    text = ("The U.S. will give Ukraine military assistance, officials said.\n\n"
            "— With assistance by Chelsea Mes, Ting Shi, and Hooyeon Kim")
    events = code_text(text, date="2017-08-07").events
    assert events and all(e.start < text.index("— With") for e in events)


def test_photo_captions_hold_no_events_and_photographs_in_a_story_may():
    # Dev-set (tuning part) caption, and a story sentence that begins with a longer word.
    caption = ("FILE PHOTO - U.S. President Donald Trump speaks before signing a proclamation to honor "
               "Martin Luther King Jr. at the White House.")
    assert not code_text(caption, date="2018-01-14").events
    story = "Photographs show Russian troops attacked the village, Ukraine said."
    assert "ACCUSE" in [e.type for e in code_text(story, date="2018-01-14").events]


@pytest.mark.parametrize("sentence,noun", [
    ("The U.S. withdrew from the Iran nuclear deal last year.", "deal"),
    ("But the U.S. held off on implementing the sanctions in order to coordinate with Europe.", "sanctions"),
])
def test_a_noun_another_verb_acts_on_is_no_event_of_its_own(sentence, noun):
    assert noun not in [e.trigger.text for e in _events(sentence)]


@pytest.mark.parametrize("sentence,noun", [
    ("Iran announced the release of two Kuwaiti nationals on Sunday.", "release"),
    ("Russia faces new sanctions from the European Union.", "sanctions"),
])
def test_a_noun_a_light_or_receiving_verb_carries_is_the_event(sentence, noun):
    assert noun in [e.trigger.text for e in _events(sentence)]


def test_needing_something_is_no_demand_but_not_needing_it_is_a_refusal():
    assert not _events("Palestinians need reconciliation, Buttu said.")
    [refusal] = _events("\"We do not need a ceasefire,\" Putin said.")
    assert (refusal.type, refusal.source.code) == ("REJECT", "RUS")


@pytest.mark.parametrize("sentence,type_,source", [
    ("The U.S. withdrew from the Iran nuclear deal last year.", "SANCTION", "USA"),
    ("The U.S. has reimposed sanctions it had previously lifted.", "COERCE", "USA"),
    ("Washington is ratcheting up sanctions on officials and companies.", "COERCE", "USA"),
])
def test_leaving_a_deal_and_renewing_sanctions(sentence, type_, source):
    assert (type_, source) in [(e.type, e.source and e.source.code) for e in _events(sentence)]


@pytest.mark.parametrize("sentence,source,target", [
    ("British Foreign Secretary Jeremy Hunt said he had spoken with Iranian foreign minister Javad Zarif.", "GBR", "IRN"),
    ("U.S. Secretary of State John Kerry briefed Israeli leaders on the deal in Jerusalem.", "USA", "ISR"),
    ("Ukrainian President Petro Poroshenko held a phone conversation with Russian President Vladimir Putin.",
     "UKR", "RUS"),
])
def test_conversations_and_briefings_are_consultations(sentence, source, target):
    assert ("CONSULT", source, target) in [(e.type, e.source and e.source.code, e.target and e.target.code)
                                           for e in code_text(sentence, date="2014-09-03").events]


def test_an_announced_retaliation_is_a_threat_and_a_past_one_an_attack():
    [threat] = _events("Iran said on Saturday it would retaliate against the sanctions.")
    assert (threat.type, threat.source.code) == ("THREATEN", "IRN")
    assert "ASSAULT" in [e.type for e in _events("Israel retaliated with airstrikes on Gaza on Monday.")]


@pytest.mark.parametrize("sentence,source,target", [
    ("North Korea called President Donald Trump's America First policy dangerous.", "PRK", "USA"),
    ("Iran described the U.S. sanctions as hostile.", "IRN", "USA"),
    ("Russia said such measures are absolutely unfriendly.", "RUS", None),
])
def test_condemning_words_accuse(sentence, source, target):
    [accusation] = [e for e in _events(sentence) if e.type == "ACCUSE"]
    assert (accusation.source.code, accusation.target and accusation.target.code) == (source, target)


def test_naming_something_without_a_claim_word_is_no_accusation():
    assert not [e for e in _events("Iran called the talks constructive.") if e.type == "ACCUSE"]


@pytest.mark.parametrize("sentence,source", [
    ("North Korea reiterated that it wouldn't negotiate over its nuclear weapons.", "PRK"),
    ("U.S. Secretary of State Mike Pompeo brushed off North Korean charges that he had made demands.", "USA"),
    ("Russia issued a quick rebuttal.", "RUS"),
])
def test_refusing_to_negotiate_and_brushing_off_are_rejections(sentence, source):
    assert ("REJECT", source) in [(e.type, e.source and e.source.code) for e in code_text(sentence, date="2018-07-09").events]


@pytest.mark.parametrize("sentence,source", [
    ("Putin said the fresh U.S. measures contravened international law.", "RUS"),
    ("Netanyahu said Hamas is trying to mislead the entire world.", "ISR"),
])
def test_reported_wrongdoing_accuses(sentence, source):
    assert ("ACCUSE", source) in [(e.type, e.source and e.source.code) for e in code_text(sentence, date="2016-12-30").events]


@pytest.mark.parametrize("sentence,source,target", [
    ("\"North Korea should realize that it will face stronger sanctions,\" South Korea's foreign ministry said.",
     "KOR", "PRK"),
    ("Iran said the U.S. will pay dearly.", "IRN", "USA"),
])
def test_foretelling_another_party_what_it_will_undergo_is_a_threat(sentence, source, target):
    assert ("THREATEN", source, target) in [(e.type, e.source and e.source.code, e.target and e.target.code)
                                            for e in code_text(sentence, date="2017-08-07").events]


def test_foretelling_ones_own_fate_is_no_threat():
    assert not [e for e in _events("Iran said it will face no problems.") if e.type == "THREATEN"]


@pytest.mark.parametrize("sentence", [
    "Russia had sent artillery and men into eastern Ukraine.",
    "Britain has sent additional destroyers to the Gulf.",
])
def test_sending_military_hardware_mobilizes(sentence):
    assert "MOBILIZE" in [e.type for e in _events(sentence)]


@pytest.mark.parametrize(("sentence", "source", "target"), [
    # Dev-set (tuning part) phrasings: a meeting new to the reader that sets the scene of the
    # act, or that a relative clause tells, is a meeting of the act's subject.
    ("Ukrainian President Petro Poroshenko on Wednesday announced a cease-fire in eastern Ukraine following "
     "a phone call with Russian President Vladimir Putin.", "UKR", "RUS"),
    ("Bolton was in Jerusalem for talks with Israeli leader Benjamin Netanyahu.", "USA", "ISR"),
    ("Poroshenko said the peace deal was forged based on a phone conversation he had with Russian President "
     "Vladimir Putin.", "UKR", "RUS"),
    ("U.S. Secretary of State Mike Pompeo brushed off North Korean charges, saying on Sunday after meeting "
     "his Japanese and South Korean counterparts that he would keep pursuing talks.", "USA", "JPN"),
])
def test_a_meeting_setting_the_scene_is_the_subjects_consultation(sentence, source, target):
    consults = [(e.source.code, e.target and e.target.code) for e in _events(sentence) if e.type == "CONSULT"]
    assert consults == [(source, target)]


@pytest.mark.parametrize(("sentence", "threatened"), [
    ("Dmitry Peskov, Putin's spokesman, promised late Thursday that Russia would \"cause serious damage\" "
     "to U.S. interests.", "USA"),
    ("Iran vowed to retaliate against any attack.", None),
    ("Iran promised retaliation against Israel.", "ISR"),
    ("Kim Jong Un's regime said it will \"make the U.S. pay dearly for all the heinous crime it commits.\"", "USA"),
])
def test_a_pledge_of_harm_is_a_threat(sentence, threatened):
    events = _events(sentence)
    assert [e.type for e in events] == ["THREATEN"], events
    assert (events[0].target and events[0].target.code) == threatened


@pytest.mark.parametrize("sentence", [
    "Germany promised to pay for the reconstruction of Ukraine.",
    "Ukraine promised to repair the damage.",
    "Iran pledged to cooperate with the inspectors.",
])
def test_a_pledge_of_help_or_repair_stays_an_agreement(sentence):
    assert [e.type for e in _events(sentence)] == ["AGREE"]


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # Dev-set (tuning part) sentences: a pronoun subject of a clause that a verb governs is
    # that verb's subject when they agree in number (and, for "he"/"his", the subject is a person).
    ("The Israeli officials, speaking on condition of anonymity because they were not authorized to talk to "
     "the media, said they accepted Egypt's latest offer Sunday.", "AGREE", "ISR"),
    ("Four members of the Taliban negotiating team met for a week with the ruling council before they agreed "
     "on the brief cease-fire.", "AGREE", "AFG"),
    ("Trump said the U.S. was ready. On Monday, a defiant Iranian admiral said his military stands ready to "
     "shoot down more drones.", "THREATEN", "IRN"),
])
def test_a_pronoun_governed_by_a_clause_is_its_subject(sentence, type_, source):
    assert [e.source.code for e in code_text(sentence, date="2019-06-24").events if e.type == type_] == [source]


def test_a_clause_the_parse_joined_to_the_verb_before_keeps_its_own_subject():
    # Dev set: "after Washington ... sanctioned" parsed as "after Washington" + a conjunct of "called".
    text = ("In a potential tit-for-tat action, Sergey Lavrov earlier Friday called for the expulsion of 35 U.S. "
            "diplomats and the closure of two facilities in Moscow after Washington on Thursday sanctioned Russian "
            "intelligence officials, expelled 35 Russian diplomats suspected of being spies.")
    coded = [(e.type, e.source.code, e.trigger.text) for e in code_text(text, date="2016-12-30").events]
    assert ("REQUEST", "RUS", "called") in coded
    assert ("COERCE", "USA", "sanctioned") in coded and ("SANCTION", "USA", "expelled") in coded


def test_closing_another_states_mission_reduces_relations():
    events = _events("Ukraine closed the Russian consulate in Odesa. The factory was closed.")
    assert [(e.type, e.cameo, e.source.code) for e in events] == [("SANCTION", "161", "UKR")]


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # Dev-set (tuning part) phrasings and their kin: ultimatums set, a response promised by
    # refusing to leave an act unanswered, sanctions kept up or approved.
    ("Trump set an ultimatum to fix the nuclear deal.", "THREATEN", "USA"),
    ("Lavrov said Russia cannot leave insults of this kind unanswered.", "THREATEN", "RUS"),
    ("Israel and Egypt have enforced the blockade since 2007.", "COERCE", "ISR"),
    ("The UN Security Council on Saturday unanimously approved new sanctions on North Korea.", "COERCE", "UNO"),
    ("Washington has pursued a series of ever-tightening sanctions against Pyongyang.", "COERCE", "USA"),
])
def test_threats_and_sanctions_phrased_with_other_verbs(sentence, type_, source):
    assert (type_, source) in [(e.type, e.source.code) for e in _events(sentence) if e.source is not None]


def test_an_act_left_unanswered_without_a_negation_is_no_threat():
    assert not _events("The letter from Moscow was left unanswered.")


def test_targeting_with_restrictions_is_a_sanction_and_with_rockets_an_attack():
    assert [e.type for e in _events("Washington targeted 13 Russian companies with additional restrictions.")] == ["COERCE"]
    assert [e.type for e in _events("Hamas targeted the Israeli base with rockets.")] == ["ASSAULT"]


def test_a_threat_reported_against_the_speakers_side_is_an_accusation():
    # The issue's example of a reported act whose speaker accuses its doer.
    events = [(e.type, e.source.code, e.target and e.target.code)
              for e in _events("Erdogan said Turkey was being menaced by Greek warships.")]
    assert ("ACCUSE", "TUR", "GRC") in events and ("THREATEN", "GRC", "TUR") in events


def test_a_threat_in_a_clause_of_time_is_not_what_the_speaker_said():
    # Dev set (tuning part): Iran threatens; Trump's ultimatum is when, not Iran's accusation.
    text = ("Iran said on Saturday it would retaliate against new sanctions imposed by the United States after "
            "President Donald Trump set an ultimatum to fix the deal.")
    assert not [e for e in code_text(text, date="2018-01-14").events if e.type == "ACCUSE" and e.source.code == "IRN"]


@pytest.mark.parametrize("sentence", [
    "Norway is among the states arming Kyiv.",
    "Norway is one of the countries that supply weapons to Kyiv.",
])
def test_a_member_named_of_an_acting_group_is_the_source(sentence):
    # The issue's predicate-nominal example: AID by Norway.
    assert [(e.type, e.source.code) for e in _events(sentence)] == [("AID", "NOR")]


@pytest.mark.parametrize(("sentence", "source"), [
    # The issue's capability and intent phrasings: a party saying it could do harm, or is
    # ready to answer a provocation, threatens it.
    ("Russia could resort to other means if the West keeps arming Kyiv, Lavrov said.", "RUS"),
    ("Israel might strike Iranian nuclear sites, Netanyahu said.", "ISR"),
    ("The Russian army is ready to answer any provocation, the defence ministry said.", "RUS"),
])
def test_harm_a_party_foresees_of_itself_is_a_threat(sentence, source):
    assert [(e.type, e.source.code) for e in _events(sentence) if e.type in ("THREATEN", "ASSAULT")] == [
        ("THREATEN", source)]


def test_harm_foreseen_of_another_party_is_no_threat():
    assert "THREATEN" not in [e.type for e in _events("NATO could attack Russia, Lavrov said.")]


def test_a_call_with_a_party_is_a_phone_consultation_and_a_call_for_is_not():
    # The issue's example: "made it clear in a call with" is CONSULT.
    events = _events("Macron made it clear in a call with Putin that France would not recognise the annexation.")
    assert ("CONSULT", "FRA", "RUS") in [(e.type, e.source.code, e.target and e.target.code) for e in events]
    assert "CONSULT" not in [e.type for e in _events("Zelensky renewed his call for more air defence.")]


def test_a_pact_announced_by_two_states_is_an_agreement():
    # The issue's compound example.
    events = _events("Tehran and Damascus announced a defence pact.")
    assert [(e.type, e.source.code) for e in events][:1] == [("SUPPORT", "IRN")]


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # Dev-set (tuning part) phrasings: a deal's limits exceeded, a deal left with "pulled out
    # of" (a two-word preposition the parse splits), an aircraft downed.
    ("Iran said the country will exceed limits set in the 2015 nuclear deal.", "REJECT", "IRN"),
    ("Tensions rose after the United States pulled out of an international accord on Iran's nuclear program.",
     "SANCTION", "USA"),
    ("Tensions rose after Iran downed an unmanned U.S. drone.", "ASSAULT", "IRN"),
])
def test_limits_exceeded_deals_left_and_aircraft_downed(sentence, type_, source):
    assert (type_, source) in [(e.type, e.source.code) for e in _events(sentence)]


@pytest.mark.parametrize(("sentence", "type_"), [
    # Dev set (tuning part) and kin: a claim word judging a proposal refuses it; judging an
    # act accuses its author.
    ("Lavrov said the U.S. proposal was unacceptable.", "REJECT"),
    ("Russia called the U.S. proposal unacceptable.", "REJECT"),
    ("Lavrov said the U.S. strikes were unacceptable.", "ACCUSE"),
])
def test_a_claim_word_refuses_a_proposal_and_accuses_an_act(sentence, type_):
    judged = [e.type for e in _events(sentence) if e.trigger.text == "unacceptable"]
    assert judged == [type_]


def test_another_partys_forces_said_present_are_an_accusation_and_denied_are_not():
    # Dev set (tuning part): "NATO claims there are at least 1,000 Russian troops in Ukraine".
    accused = [(e.type, e.source.code, e.target.code)
               for e in _events("NATO claims there are at least 1,000 Russian troops in Ukraine.")]
    assert accused == [("ACCUSE", "IGO", "RUS")]
    assert not _events("Kyiv says there are no Russian troops in Belarus.")


@pytest.mark.parametrize(("sentence", "type_", "source", "target"), [
    # Dev set (tuning part) and kin: readiness for talks is an offer to meet, its negation a refusal.
    ("Iranian officials say they are open to diplomacy.", "AGREE", "IRN", None),
    ("North Korea is ready for talks with the U.S.", "AGREE", "PRK", "USA"),
    ("Russia is not ready for talks with Ukraine.", "REJECT", "RUS", "UKR"),
])
def test_readiness_for_talks_is_an_offer_to_meet(sentence, type_, source, target):
    events = [(e.type, e.source.code, e.target and e.target.code) for e in _events(sentence)]
    assert events == [(type_, source, target)]


@pytest.mark.parametrize(("sentence", "type_"), [
    # Dev set (tuning part) and kin: a thing said not to be open to negotiation is a refusal.
    ("Iran's Foreign Minister Mohammad Javad Zarif said the deal was \"not renegotiable\".", "REJECT"),
    ("Iran says its missile program is non-negotiable.", "REJECT"),
])
def test_a_thing_said_not_negotiable_is_a_refusal_to_negotiate(sentence, type_):
    assert [(e.type, e.cameo, e.source.code) for e in _events(sentence)] == [(type_, "125", "IRN")]


def test_a_thing_said_negotiable_is_no_refusal():
    assert not _events("Iran says the deal is negotiable.")


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # Dev set (tuning part): halting hostile broadcasts or weapons tests de-escalates; announced
    # for the future it is a concession.
    ("South Korea on Monday halted the propaganda broadcasts it blares across the border.", "RETREAT", "KOR"),
    ("North Korea said it would immediately suspend nuclear and missile tests.", "CONCEDE", "PRK"),
])
def test_halting_tests_and_hostile_broadcasts_de_escalates(sentence, type_, source):
    assert [(e.type, e.source.code) for e in _events(sentence)] == [(type_, source)]


@pytest.mark.parametrize(("sentence", "type_", "source"), [
    # Dev set (tuning part): satisfaction voiced is praise; disappointment not hidden is criticism.
    ("Israeli leaders expressed satisfaction that Syria agreed to hand over its weapons.", "SUPPORT", "ISR"),
    ("Riyad Mansour, the Palestinian envoy, did not hide his disappointment with the Security Council.",
     "ACCUSE", "PSE"),
])
def test_satisfaction_voiced_and_disappointment_shown(sentence, type_, source):
    assert [(e.type, e.source.code) for e in _events(sentence)] == [(type_, source)]


# -- classes of phrasing added in the fourth session of 2026-12-03 (dev tuning part and
# corpus articles outside the dev set) ----------------------------------------------------

def _acts(text: str, date: str = "2014-07-28"):
    return [(e.type, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in every_act(code_text(text, date=date))]


def test_a_demand_in_a_later_sentence_of_a_direct_quote_is_its_speakers_request():
    # Dev set (tuning part): Mansour's quote runs over three sentences; the demand is the last.
    text = ('"You cannot keep 1.8 million Palestinian civilians in the Gaza Strip in this huge prison," '
            'Palestinian U.N. envoy Riyad Mansour told reporters. "That is a recipe for disaster. It is '
            'inhumane, and it has to be stopped and it has to be lifted."')
    coded = code_text(text, date="2014-07-28")
    demands = [e for e in coded.events if e.type == "REQUEST"]
    assert [(e.source.code, e.trigger.text) for e in demands] == [("PSE", "has")]  # one per sentence
    assert demands[0].rule.endswith("+quoted:deontic")


def test_a_question_in_a_quote_is_no_demand():
    coded = code_text('"We know Assad," Netanyahu said. "Should the world wait until he strikes again?"',
                      date="2013-09-15")
    assert not [e for e in coded.events if e.type == "REQUEST"]


def test_a_right_is_no_duty():
    assert not [a for a in _acts("Rouhani said they had no right to renegotiate a seven-party agreement.",
                                 "2018-04-25") if a[0] == "REQUEST"]


@pytest.mark.parametrize(("text", "expected"), [
    ("NATO warned of Russia moving combat troops into eastern Ukraine.", "ACCUSE"),
    ("Yuval Steinitz warned the agreement's deadline was not speedy enough.", "ACCUSE"),
    ("NATO warned that more stringent sanctions could be placed on Russia.", "THREATEN"),
    ("Jeremy Hunt warned Iran of serious consequences if it does not release the tanker.", "THREATEN"),
    ("John Bolton warned Iran not to misinterpret the decision.", "THREATEN"),
])
def test_a_warning_reports_what_is_or_foretells_what_will_follow(text, expected):
    assert [a[0] for a in _acts(text, "2019-07-20") if a[0] in ("ACCUSE", "THREATEN")] == [expected]


def test_the_object_acts_in_the_infinitive_of_tell_and_the_gerund_of_prevent():
    acts = _acts("U.N. representative Jan Kubish told the commission not to release detailed vote tallies.",
                 "2014-09-21")
    assert ("REJECT", "UNO", None) not in acts  # the commission would release, not the U.N.
    acts = _acts('"We conducted these strikes to prevent terrorists from further threatening the dam," '
                 "Kirby said.", "2014-09-07")
    assert not [a for a in acts if a[0] == "THREATEN" and a[1] == "USA"]


def test_a_subject_hung_on_the_auxiliary_is_found():
    # Corpus article (Washington Times, 2015): "have for more than a decade accused".
    acts = _acts("Tehran insists its nuclear operations are peaceful, but Washington and its allies have for "
                 "more than a decade accused Iran of running a clandestine program.", "2015-03-31")
    assert ("ACCUSE", "USA", "IRN") in acts


@pytest.mark.parametrize("text", [
    "The U.S. missile strike could make it all but impossible to improve relations.",
    '"Secretary Pompeo\'s visit to Pyongyang this time has taken the first steps," she said.',
    "On the eve of Pompeo's visit to the kingdom, Yemen's rebels attacked an airport.",
])
def test_an_act_named_as_what_the_sentence_is_about_is_no_event(text):
    assert not [a for a in _acts(text, "2018-07-09") if a[0] == "CONSULT" or a[:2] == ("ASSAULT", "USA")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Israeli airstrikes killed 12 Palestinians.", ("ASSAULT", "ISR")),
    ("Putin's demands include Ukraine renouncing NATO membership.", ("REQUEST", "RUS")),
    ("The pressure for a cease-fire followed new attacks launched by Israel on Sunday.", ("ASSAULT", "ISR")),
    ("Saudi Arabia has been at war with the Houthi rebels since 2015.", ("ASSAULT", "SAU")),
])
def test_an_act_told_by_its_noun_is_an_event(text, expected):
    assert expected in [a[:2] for a in _acts(text, "2019-06-24")]


def test_weapon_fire_is_an_attack_and_a_cease_fire_is_not():
    assert [a[0] for a in _acts("Militants resumed rocket fire on Israel on Sunday.")] == ["ASSAULT"]
    assert not [a for a in _acts("The two sides agreed to a cease-fire on Sunday.") if a[0] == "ASSAULT"]


def test_a_withdrawal_is_of_who_leaves_not_from_where():
    acts = _acts("The deal paves the way for the withdrawal of all US and NATO troops from Afghanistan.", "2020-03-05")
    assert ("RETREAT", "USA", "AFG") in acts


def test_a_decision_delivered_is_no_aid():
    assert not _acts("North Korean authorities delivered their decision to block South Korean workers.", "2013-04-03")
    assert ("AID", "USA", "UKR") in _acts("The U.S. delivered weapons to Ukraine.", "2015-01-01")


def test_a_verb_that_sets_the_modality_of_its_infinitive_is_no_act():
    # Dev set (tuning part): PETRARCH read "were set" with "diplomats" as expelling them.
    acts = _acts("European diplomats were set to meet in Brussels Monday to discuss new sanctions.", "2014-04-28")
    assert ("AGREE", "EUR", None) in acts and not [a for a in acts if a[0] == "SANCTION"]


def test_the_classifier_invents_no_act_for_a_verb_the_dictionaries_do_not_know():
    # Corpus article (Al Jazeera, 2020): "spoke to a senior Taliban leader by phone" was an assault.
    acts = _acts("The United States has carried out an air raid against Taliban fighters in Afghanistan, a day "
                 "after President Donald Trump spoke to a senior Taliban leader by phone.", "2020-03-05")
    assert [a for a in acts if a[0] == "ASSAULT"] == [("ASSAULT", "USA", "AFG")]


def test_a_caption_line_is_no_event_for_the_classifier_either():
    text = ('Image copyright AFP Image caption Hassan Rouhani has warned of "severe consequences" if the US '
            "reimposes sanctions")
    assert not _acts(text, "2018-04-25")


@pytest.mark.parametrize(("text", "victim"), [
    ("Greene was shot and killed by an Afghan soldier.", "Greene"),
    ("Greene was the highest-ranking US military officer to be killed in the wars in Afghanistan.",
     "the highest-ranking US military officer"),
])
def test_the_subject_of_a_coordinated_or_relative_passive_is_the_victim(text, victim):
    # Corpus article (Al Jazeera, 2020): the killed general was coded as the attacker.
    acts = every_act(code_text(text, date="2014-08-06"))
    assert [(e.source and e.source.text, e.target and e.target.text) for e in acts if e.type == "ASSAULT"][0][1] == victim


def test_a_past_participle_modifying_its_victims_makes_them_no_attacker():
    acts = every_act(code_text("More than 40 Israeli soldiers killed in a ground offensive were buried on Sunday.",
                               date="2014-08-03"))
    assert not [e for e in acts if e.source is not None and e.source.code == "ISR"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Iran insisted on its right to enrich uranium.", ("REQUEST", "IRN", None)),
    ("Iran insisted that the sanctions be lifted.", ("REQUEST", "IRN", None)),
    ("Iran insisted that Washington lift the sanctions.", ("REQUEST", "IRN", "USA")),
    ("North Korea broke off talks with the United States.", ("SANCTION", "PRK", "USA")),
    ("Pyongyang pulled out of the talks.", ("SANCTION", "PRK", None)),
    ("The Pentagon said Russian troops had crossed into Ukraine.", ("MOBILIZE", "RUS", "UKR")),
])
def test_demands_walkouts_and_incursions(text, expected):
    assert expected in _acts(text, "2019-10-17")


@pytest.mark.parametrize(("text", "expected"), [
    ('Hunt said: "We are looking at a diplomatic way, but we are very clear that it must be resolved."',
     ("REQUEST", "GBR", None)),
    ("Iran has said it would shred the deal if Washington quit.", ("THREATEN", "IRN", "USA")),
    ("Trump would work with Europeans on a follow-on deal.", ("AGREE", "USA", "EUR")),
    ("Pompeo said he had pushed North Korea on a promise to destroy a missile engine test site.",
     ("REQUEST", "USA", "PRK")),
])
def test_demands_threats_and_intentions_said_in_other_words(text, expected):
    # Dev set (tuning part): each a class of phrasing the rules had no reading for.
    assert expected in _acts(text, "2019-07-20")


@pytest.mark.parametrize(("text", "expected"), [
    ("The United States announced a new $2 billion military aid package for Ukraine.", ("AID", "USA", "UKR")),
    ("The EU adopted a new sanctions package against Russia.", ("COERCE", "EUR", "RUS")),
    ("The UN General Assembly voted to condemn Russia.", ("ACCUSE", "UNO", "RUS")),
    ("Ukraine retook the city of Kherson.", ("ASSAULT", "UKR", None)),
    ("Iran's president Rouhani said the U.S. would regret abandoning the nuclear deal.", ("THREATEN", "IRN", "USA")),
])
def test_packages_decisions_recaptures_and_consequences_foretold(text, expected):
    assert expected in _acts(text, "2023-01-15")


@pytest.mark.parametrize("quote", [
    '"We know what this means," he said. "To defeat ISIS, we have to be in this for the long haul."',
    '"I know them all," Trump said. "I had to get along with them, that was my obligation."',
    '"This was wrong," Graham said. "The pastor should have been freed years ago."',
])
def test_a_duty_of_the_speakers_side_past_or_unmet_is_no_demand(quote):
    # Corpus articles (2015-2020): duties that demand nothing of a party.
    assert not [e for e in code_text(quote, date="2016-01-01").events if e.rule.endswith("+quoted:deontic")]


def test_an_act_under_a_deontic_modal_is_demanded_not_done():
    # Dev set (tuning part): "Iran must allow inspections" is no agreement by Iran.
    acts = _acts('Iran must allow "immediate inspections at all sites requested by international inspectors."',
                 "2018-01-14")
    assert not [a for a in acts if a[1] == "IRN"]


def test_an_act_abstained_from_is_read_negated():
    # Corpus article (Al Jazeera, 2020): "The Taliban have refrained from attacking major urban centres".
    acts = every_act(code_text("The Taliban have refrained from attacking major urban centres.", date="2020-02-11"))
    assert [(e.type, e.modality) for e in acts] == [("ASSAULT", "negated")]


def test_a_caption_after_the_last_sentence_of_its_line_is_no_event():
    # Dev set (tuning part): "... in the past. | AP Photo Netanyahu says Hamas violating its own cease-fire".
    text = ("Netanyahu also noted that Hamas had rejected several cease-fire offers in the past. | AP Photo "
            "Netanyahu says Hamas violating its own cease-fire")
    assert not [a for a in _acts(text, "2014-07-27") if a[0] == "ACCUSE"]


def test_a_claim_word_said_of_the_speakers_side_is_no_accusation():
    text = '"All the Palestinian factions are behind us as we go tomorrow to the United Nations," Abbas said.'
    assert not [a for a in _acts(text, "2012-11-25") if a[0] == "ACCUSE"]
    assert ("ACCUSE", "ISR", "PSE") in _acts("Israel said Hamas was behind the attack.", "2014-07-27")


def test_an_act_only_risked_is_no_event():
    assert not _acts("The decision could raise the risk of a U.S. attack.", "2017-04-09")
