"""Who said it, relayed by whom, of what kind: attribution from the parse, with sentences of
our own that vary the frame (subject, inverted, 'according to', a relay, a quote verb, a
headline, a pronoun taking up a source named before), the word order and the punctuation
(wire copy often loses its commas)."""
import pytest

from sitrep.tasks.extract.attribution import canonical_source, source_type


def sources_of(doc):
    return [(s._.claim.source.claimed_by, s._.claim.source.cited_by, s._.claim.source.source_type)
            for s in doc.spans["claims"]]


@pytest.mark.parametrize("text,want", [
    ("Air strikes on Raqqa killed at least 20 civilians, activists said.", ("activists", None, "activists")),
    ("Air strikes on Raqqa killed at least 20 civilians activists said.", ("activists", None, "activists")),
    ("At least 20 civilians were killed in air strikes on Raqqa, according to local activists.", ("local activists", None, "activists")),
    ("According to the Syrian Observatory for Human Rights more than 30 militants were killed.",
     ("Syrian Observatory for Human Rights", None, "monitor")),
    ("The Britain-based Observatory said 24 civilians were killed.", ("Syrian Observatory for Human Rights", None, "monitor")),
    ("Twelve people were killed, said the Syrian Observatory for Human Rights.", ("Syrian Observatory for Human Rights", None, "monitor")),
    ("The raids killed more than 120 people, state media reported.", ("state media", None, "state_media")),
    ("A suicide bomb killed at least one person in Latakia on Thursday state television reported.",
     ("state television", None, "state_media")),
    ("Nine soldiers died in the ambush, a military source said.", ("military source", None, "military")),
    ("A source at Aleppo Police Command said in a statement to SANA that three civilians were killed.",
     ("source at Aleppo Police Command", "SANA", "government")),
    ("A police source told SANA that three civilians were killed.", ("police source", "SANA", "government")),
    ("SANA quoted a police source as saying two civilians were killed.", ("police source", "SANA", "government")),
    ("Terrorists killed a child with rocket shells SANA reported citing a source at the Aleppo Police Command.",
     ("source at Aleppo Police Command", "SANA", "government")),
    ("The shelling killed 14 civilians, the Homs Governor told reporters.", ("Homs Governor", None, "government")),
    ("Rescuers from the White Helmets said 42 people were killed.", ("White Helmets", None, "rescuers")),
    ("Syria Civil Defence said 42 people were killed.", ("White Helmets", None, "rescuers")),
    ("At least 27 children were killed the United Nations Childrens Fund (UNICEF) said in a statement.",
     ("United Nations Childrens Fund (UNICEF)", None, "un")),
    ("The attack killed more than 50 people said Mounzer Khalil head of Idlib's health authority adding it was a massacre.",
     ("Mounzer Khalil head of Idlib's health authority", None, "medical")),
    ("The blast killed 44 people and wounded dozens more, Syria's state-run news agency and Kurdish media reported.",
     ("Syria's state-run news agency", None, "state_media")),
    ("Doctors at the field hospital said 15 of the wounded were children.", ("Doctors at field hospital", None, "medical")),
    ("Islamic State's news agency Amaq said its fighters killed 30 soldiers.", ("Islamic State's news agency Amaq", None, "armed_group")),
    ("Russian Defence Ministry spokesman Igor Konashenkov said 304 militants were killed.",
     ("Russian Defence Ministry", None, "military")),
    ("Residents said 11 people were killed when the market was hit.", ("residents", None, "local")),
    ("Air strikes killed 20 people in the town.", (None, None, "unknown")),
    ("The state news agency SANA said seven people were killed in the bombing.", ("SANA", None, "state_media")),
    ("Seven people were killed, the rescuers said.", ("rescuers", None, "rescuers")),
    ("Rescue workers said 9 people died under the rubble.", ("rescue workers", None, "rescuers")),
    ("Medics told reporters that twelve were wounded.", ("medics", None, "medical")),
    # no comma before the speaker, and the parse takes the whole clause for the subject
    ("A suicide bomb attack killed at least one person and wounded another three in the port on Thursday state television said.",
     ("state television", None, "state_media")),
    ("A roadside bomb killed two soldiers and wounded 5 near Kandahar on Monday the provincial governor said.",
     ("provincial governor", None, "government")),
    # no comma between the place the sentence ends on and the speaker
    ("A commander was killed in clashes with the army in Northern Homs FNA reports.", ("FNA", None, "media")),
    ("Five people were killed in shelling on the town in Aleppo local sources said.", ("local sources", None, "local")),
    ("Five people were killed in shelling near Kabul provincial police said.", ("provincial police", None, "government")),
    ("Five people were killed in the shelling medical sources in Douma said.", ("medical sources in Douma", None, "medical")),
    ("At least 14 civilians were killed by airstrikes near Raqqa in northern Syria Al Mayadeen TV channel reported.",
     ("Al Mayadeen TV channel", None, "media")),
    ("Ten civilians were killed in rocket attacks on Daraa City in southern Syria SANA news agency reports.",
     ("SANA", None, "state_media")),
    ("Five people were killed in Aleppo a source at Aleppo Police Command said.", ("Aleppo Police Command", None, "government")),
])
def test_the_source_of_a_figure(analyse, text, want):
    found = sources_of(analyse(f"Headline\n\n{text}", "2016-08-12"))
    assert found and found[0] == want, found


def test_it_said_takes_up_the_source_named_before(analyse):
    doc = analyse("Headline\n\nThe Syrian Observatory for Human Rights reported heavy fighting in the town. It said 15 fighters "
                  "were killed. The monitor added that 4 more were wounded.", "2016-08-12")
    assert sources_of(doc) == [("Syrian Observatory for Human Rights", None, "monitor")] * 2


@pytest.mark.parametrize("anaphor", ["The statement", "The claim", "Its statement", "That report"])
def test_a_say_noun_takes_up_the_source_named_before(analyse, anaphor):
    doc = analyse("Headline\n\nThe Islamic State group said it carried out the bombing in Hasakeh. "
                  f"{anaphor} said 40 people had been killed.", "2016-10-03")
    assert sources_of(doc)[-1][0] == "Islamic State group"


@pytest.mark.parametrize("described", ["a monitoring group", "a human rights monitor", "the observatory", "a rights watchdog"])
def test_a_generic_monitor_is_the_monitor_the_article_names(analyse, described):
    doc = analyse(f"Headline\n\nAt least 11 civilians were killed in barrel bomb attacks, {described} said. The Syrian "
                  "Observatory for Human Rights blamed regime helicopters.", "2015-07-16")
    assert sources_of(doc)[0][0] == "Syrian Observatory for Human Rights"


def test_what_a_speaker_reported_is_not_the_speaker(analyse):
    doc = analyse("Headline\n\nSpeaking to AFP on Wednesday Homs governor Talal al-Barazi had also reported the deadly "
                  "attacks giving a toll of 31 killed and 74 wounded.", "2016-02-24")
    assert all(by != "deadly attacks giving a toll of" for by, _, _ in sources_of(doc))


def test_a_quote_takes_the_speaker_of_the_sentence_that_closes_it(analyse):
    doc = analyse('Headline\n\n"Seven field commanders were killed in the strikes." The spokesman said.', "2017-10-03")
    assert sources_of(doc) == [("spokesman", None, "government")]


def test_a_headline_that_ends_with_its_source(analyse):
    doc = analyse("Coalition raids kill 21 civilians in IS stronghold in Syria Monitor\n\nThe town was hit on Monday.", "2016-08-12")
    assert sources_of(doc) == [("monitor", None, "monitor")]


def test_the_articles_own_statement_has_no_source_even_after_an_attributed_one(analyse):
    doc = analyse("Headline\n\nActivists said 20 people were killed in Douma. Another 15 died in nearby Harasta.", "2016-08-12")
    assert sources_of(doc) == [("activists", None, "activists"), (None, None, "unknown")]


@pytest.mark.parametrize("phrase,name", [
    ("the Observatory", "Syrian Observatory for Human Rights"),
    ("Observatory head Rami Abdel Rahman", "Syrian Observatory for Human Rights"),
    ("the Syrian Arab News Agency", "SANA"),
    ("Syrian Civil Defence", "White Helmets"),
    # one speaker, one name: the ministry's spokesman is the ministry, as the Observatory's head is it
    ("Maj. Gen. Igor Konashenkov", "Russian Defence Ministry"),
    ("Konashenkov", "Russian Defence Ministry"),
    # the body an anonymous source speaks for, written in lower case by one outlet
    ("a source at Aleppo police command", "source at Aleppo Police Command"),
    ("official at governors office in Homs", "official at governors office in Homs"),
    ("a source at Aleppo Police Command", "source at Aleppo Police Command"),
    ("on Thursday state television", "state television"),
    ("three civilians", None),
    ("at least 20", None),
    ("it", "<pronoun>"),
])
def test_canonical_names(phrase, name):
    assert canonical_source(phrase) == name


@pytest.mark.parametrize("name,kind", [
    ("Syrian Observatory for Human Rights", "monitor"), ("SANA reporter", "state_media"), ("Homs Governor", "government"),
    ("Aleppo Police Command", "government"), ("Russian Defence Ministry", "military"), ("Health Ministry", "medical"),
    ("Syrian Arab Red Crescent paramedics", "rescuers"), ("UNICEF", "un"), ("Amnesty International", "ngo"),
    ("local media", "media"), ("Reuters", "media"), ("residents", "local"), ("Jaish al-Islam spokesman", "armed_group"),
    ("Local Coordination Committees", "activists"), ("medical sources", "medical"), ("security sources", "government"),
    ("British Foreign Secretary William Hague", "government"), ("US Defense Secretary", "military"),
    ("UN Secretary-General Ban Ki-moon", "un"),
])
def test_source_types(name, kind):
    assert source_type(name) == kind


@pytest.mark.parametrize("headline", [
    "Dozens dead in suspected gas attack on Douma, rescuers say",
    "Scores killed in air raids on Idlib market, medics say",
])
def test_a_headline_ending_with_its_speaker_names_the_source(analyse, headline):
    doc = analyse(f"{headline}\n\nThe town was hit on Saturday.", "2018-04-09")
    assert [s[2] for s in sources_of(doc)] in (["rescuers"], ["medical"]), sources_of(doc)


@pytest.mark.parametrize("text,want", [
    ("Reports also state that at least one security officer was killed in the attack.", "reports"),
    ("At least 50 people were killed, according to some reports.", "reports"),
    ("Tel Aviv police report that eight people were killed in the explosion.", "Tel Aviv police"),
    ("According to early reports, at least 20 people were killed in the riots.", "early reports"),
    # told as reported by no one named, or with another say-verb
    ("Reports indicate that at least nine people have been injured in the violence.", "reports"),
    ("Some reports state that as many as 50 people were killed.", "reports"),
    ("About 150 people were reported injured in the clashes.", "reports"),
    ("Eight people are reported dead after the blast.", "reports"),
    ("Three soldiers were reportedly killed in the ambush.", "reports"),
    ("Villagers claim that up to 20 people died in the clash.", "villagers"),
    ("The death toll rose to 22 people on Monday, reported officials.", "officials"),
])
def test_reports_and_police_reports_are_sources(analyse, text, want):
    doc = analyse("Headline\n\n" + text, "2016-08-12")
    assert [s._.claim.claimed_by for s in doc.spans["claims"]] == [want]


def test_a_round_ups_source_covers_the_figures_that_follow_it(analyse):
    text = ("Shells hit Aleppo\n\nA source at Aleppo Police Command told SANA that terrorists fired mortar shells on several "
            "neighbourhoods of Aleppo on Monday. Two people were killed in al-Midan. Five others were injured in "
            "al-Sulaimaniyeh. Activists said three people died in Homs.")
    doc = analyse(text, "2016-08-12")
    assert [(s._.claim.quantity.low, s._.claim.claimed_by) for s in doc.spans["claims"]] == [
        (2, "source at Aleppo Police Command"), (5, "source at Aleppo Police Command"), (3, "activists")]


def test_a_sourced_sentence_about_one_incident_opens_no_round_up(analyse):
    text = ("Blast in Gaza\n\nPalestinian officials said an explosion hit the intelligence headquarters in Gaza on Monday. "
            "Two people were killed.")
    doc = analyse(text, "2016-08-12")
    assert [s._.claim.claimed_by for s in doc.spans["claims"]] == [None]


@pytest.mark.parametrize("text", [
    "The British-based monitoring group said 12 fighters were killed.",
    "Twelve fighters were killed, the UK-based war monitor said.",
])
def test_descriptions_of_the_observatory_are_the_observatory(analyse, text):
    doc = analyse("Headline\n\n" + text, "2016-08-12")
    assert [s._.claim.claimed_by for s in doc.spans["claims"]] == ["Syrian Observatory for Human Rights"]


def test_one_speaker_one_name(analyse):
    """Issue 30: ranks dropped, 'the' dropped, a surname is the full name the article gave."""
    text = ("Strikes in Idlib\n\nMaj. Gen. Viktor Poznikhir said 30 militants were killed in Idlib on Monday. "
            "Poznikhir said another 7 militants died in Hama. A source at the Aleppo Police Command said 3 people died. "
            "A source at Aleppo Police Command said 4 people were injured.")
    doc = analyse(text, "2016-08-12")
    assert {s._.claim.claimed_by for s in doc.spans["claims"]} == {"Viktor Poznikhir", "source at Aleppo Police Command"}


@pytest.mark.parametrize("text,want", [
    ("Washington says the attack killed 1,401 people.", ("United States", "government")),
    ("The attack killed 1,401 people, the United States said.", ("United States", "government")),
    ("The state news agency SANA said seven people were killed.", ("SANA", "state_media")),   # no "Sanaa"
])
def test_a_capital_that_speaks_is_its_state(analyse, text, want):
    doc = analyse("Headline\n\n" + text, "2013-08-30")
    assert [(s._.claim.claimed_by, s._.claim.source.source_type) for s in doc.spans["claims"]] == [want]


@pytest.mark.parametrize("text,want", [
    # a quotation over several sentences takes the speaker its closing sentence names
    ('"Three attackers were killed and one was wounded. The attack targeted the embassy," said Gen. Bassam Abdel Majid.',
     [(3, "Bassam Abdel Majid"), (1, "Bassam Abdel Majid")]),
    ('"Twenty-three people were killed. They are all civilians. The terrorists are desperate," the police chief said.',
     [(23, "police chief")]),
    # a quotation closed in its own sentence does not reach a later speaker
    ('"Nobody knows," a resident said of the blast. Twelve people were killed. "We are afraid," the mayor said.',
     [(12, None)]),
])
def test_a_quotation_over_sentences_takes_its_closing_speaker(analyse, text, want):
    doc = analyse("Headline\n\n" + text, "2016-08-12")
    assert [(s._.claim.quantity.low, s._.claim.claimed_by) for s in doc.spans["claims"]] == want


@pytest.mark.parametrize("text,kind", [
    # a named speaker's apposition says what kind of source they are
    ("Lt. Col. Jane Roe, a spokeswoman for the U.S. military, said 30 insurgents were killed.", "military"),
    ('"Twenty-three people were killed," said Brigadier John Doe, a spokesman for the country\'s military.', "military"),
    ("John Doe, a spokesman for the Red Cross, said 12 people were wounded.", "rescuers"),
    ("John Doe said 12 people were wounded.", "local"),
])
def test_a_speakers_apposition_gives_the_source_type(analyse, text, kind):
    doc = analyse("Headline\n\n" + text, "2016-08-12")
    assert {s._.claim.source.source_type for s in doc.spans["claims"]} == {kind}
    assert all("Lt ." not in (s._.claim.claimed_by or "") for s in doc.spans["claims"])


@pytest.mark.parametrize("said", ["The UK-based group said", "The Britain-based group said", "The watchdog said",
                                  "The Syria monitor said"])
def test_a_description_is_the_observatory_when_the_article_names_it(analyse, said):
    text = ("Headline\n\nAir strikes hit Aleppo on Monday, the Syrian Observatory for Human Rights said. "
            f"{said} 12 fighters were killed.")
    doc = analyse(text, "2016-08-12")
    assert [s._.claim.claimed_by for s in doc.spans["claims"]] == ["Syrian Observatory for Human Rights"]


@pytest.mark.parametrize("text, country, want", [
    ("Two bombs exploded in Algiers, Algeria on Wednesday. Civil defense authorities said 12 people were killed.",
     "DZ", "Civil defense authorities"),
    ("Air strikes hit Idlib in northwest Syria on Wednesday. Civil defence workers said 12 people were killed.",
     "SY", "White Helmets"),
    ("Air strikes hit Idlib in northwest Syria on Wednesday. The Observatory said 12 people were killed.",
     "SY", "Syrian Observatory for Human Rights"),
    ("A bomb went off in Kabul, Afghanistan. The Observatory said 12 people were killed.",
     "AF", "Observatory"),
])
def test_a_well_known_source_is_named_only_in_its_own_country(analyse, text, country, want):
    doc = analyse(f"Blasts\n\n{text}", "2020-05-05")
    assert doc._.country == country
    assert [s[0] for s in sources_of(doc)] == [want]
    assert canonical_source("civil defence", "DZ") == "civil defence"
    assert canonical_source("civil defence") == canonical_source("civil defence", "SY") == "White Helmets"
