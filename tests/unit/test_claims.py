"""Casualty claims: each rule family with sentences of our own that vary wording, word order,
spelling and number format — and numbers that must not become claims. Who said it is
tests/unit/test_sources.py's."""
import pytest


def claims_of(doc):
    return [(s._.claim.outcome, s._.claim.quantity.low, s._.claim.quantity.qualifier, s._.claim.victim_group)
            for s in doc.spans["claims"]]


def parts_of(doc):
    return [(s._.claim.quantity.low, s._.claim.subtotal) for s in doc.spans["claims"]]


@pytest.mark.parametrize("text,want", [
    # passive or adjectival outcome after the figure
    ("At least 20 civilians were killed in air strikes on Raqqa.", [("killed", 20, "at_least", "civilians")]),
    ("Twenty-four civilians have reportedly been killed in the raids.", [("killed", 24, "exact", "civilians")]),
    ("86 dead in truck bombing", [("killed", 86, "exact", "people")]),
    ("Nine soldiers died and 30 were wounded in the ambush.", [("killed", 9, "exact", "soldiers"), ("injured", 30, "exact", "soldiers")]),
    ("Scores of people were killed in the attack.", [("killed", 20, "vague", "people")]),
    ("About 40 people were hurt when the roof collapsed after the strike.", [("injured", 40, "about", "people")]),
    ("12 policemen lost their lives in the blast.", [("killed", 12, "exact", "soldiers")]),
    # active verb before the figure, past its qualifier
    ("Air strikes on Raqqa killed at least 20 civilians.", [("killed", 20, "at_least", "civilians")]),
    ("The raids killed more than 120 people and injured dozens of others.", [("killed", 121, "more_than", "people"), ("injured", 12, "vague", "people")]),
    ("The bomb exploded near a checkpoint, wounding up to 15 people.", [("injured", 15, "up_to", "people")]),
    ("The shells hit the neighbourhoods claiming the lives of 8 persons and injuring more than 58 others.",
     [("killed", 8, "exact", "people"), ("injured", 59, "more_than", "people")]),
    ("The blast left 14 people dead and 40 wounded.", [("killed", 14, "exact", "people"), ("injured", 40, "exact", "people")]),
    ("Gunmen opened fire on worshippers, killing between 10 and 15.", [("killed", 10, "range", "people")]),
    # tolls
    ("The death toll from the bombing has risen to 86.", [("killed", 86, "exact", "people")]),
    ("The number of people killed in the quake-hit town rose to 40 on Sunday.", [("killed", 40, "exact", "people")]),
    # headline style, no commas
    ("8 persons killed 58 others injured in rocket attacks on Aleppo city", [("killed", 8, "exact", "people"), ("injured", 58, "exact", "people")]),
    ("Islamists Launch Rocket Attack on Damascus At Least 3 Killed 30 Wounded", [("killed", 3, "at_least", "people"), ("injured", 30, "exact", "people")]),
    # who says it is not who died: counted speakers
    ("Three witnesses said the strike killed 12 people.", [("killed", 12, "exact", "people")]),
    ("A doctor and two nurses said 30 wounded had arrived at the clinic.", [("injured", 30, "exact", "people")]),
    ("The strike killed 8 people and wounded 20 others, two residents and a hospital official told Reuters.",
     [("killed", 8, "exact", "people"), ("injured", 20, "exact", "people")]),
    ("Five people were killed, two residents said.", [("killed", 5, "exact", "people")]),
    ("The strike killed 8 people said the observatory.", [("killed", 8, "exact", "people")]),
    # singular victims
    ("A child was killed when a shell hit the school.", [("killed", 1, "exact", "children")]),
    ("Mortar shells killed a civilian and injured 14 others.", [("killed", 1, "exact", "civilians"), ("injured", 14, "exact", "civilians")]),
    ("A sniper shot dead an elderly man in the old city.", [("killed", 1, "exact", "people")]),
    # dozens of a number, a dozen with its qualifier, fatalities
    ("Two dozen people were killed in the attack.", [("killed", 24, "vague", "people")]),
    ("At least a dozen civilians died.", [("killed", 12, "at_least", "civilians")]),
    ("A dozen people were hurt.", [("injured", 12, "vague", "people")]),
    ("Half a dozen wounded children were seen at the clinic.", [("injured", 6, "vague", "children")]),
    ("Three dozen rockets hit the town.", []),
    ("Fatalities reached 19, officials said.", [("killed", 19, "exact", "people")]),
    # ages are not figures, and do not hide the figure they sit in
    ("Shelling killed a 12-year-old boy.", [("killed", 1, "exact", "children")]),
    ("Three people including a 12-year-old girl were killed.", [("killed", 3, "exact", "people"), ("killed", 1, "exact", "children")]),
    ("Two men, aged 30 and 45, were killed.", [("killed", 2, "exact", "people")]),
    # one victim named by a definite noun phrase, only when the parse binds it to the outcome
    ("The army says rebels killed the pilot after he ejected.", [("killed", 1, "exact", "soldiers")]),
    ("A spokesman said the group had executed the air force pilot.", [("killed", 1, "exact", "soldiers")]),
    ("Their son was wounded in the shelling.", [("injured", 1, "exact", "children")]),
    ("The pilot was captured by rebels.", []),
    ("The commander said the attack had failed.", []),
    # "another one": one more of the group just counted
    ("17 civilians were injured in the market while another one was injured near the mosque.",
     [("injured", 17, "exact", "civilians"), ("injured", 1, "exact", "civilians")]),
    ("Three soldiers were killed in the ambush and another one died later in hospital.",
     [("killed", 3, "exact", "soldiers"), ("killed", 1, "exact", "soldiers")]),
    # who did the killing is not a victim; a reflexive object is
    ("A suicide bomber killed 23 worshippers at a mosque on Friday.", [("killed", 23, "exact", "civilians")]),
    ("Two gunmen shot dead five policemen in the city.", [("killed", 5, "exact", "soldiers")]),
    ("Three soldiers killed 10 militants near the border.", [("killed", 10, "exact", "militants")]),
    ("A soldier killed himself at the base.", [("killed", 1, "exact", "soldiers")]),
    ("Two children killed as shells hit the town", [("killed", 2, "exact", "children")]),
    # coordination and 'others'
    ("Seventeen rebels and 11 soldiers were killed in clashes on Friday.", [("killed", 17, "exact", "militants"), ("killed", 11, "exact", "soldiers")]),
    ("Ten civilians were killed and 16 others were injured in the shelling.", [("killed", 10, "exact", "civilians"), ("injured", 16, "exact", "civilians")]),
    ("24 civilians were killed, along with six others whose identities are unknown.", [("killed", 24, "exact", "civilians"), ("killed", 6, "exact", "people")]),
    ("Officials said 304 militants were killed and more than 170 wounded.", [("killed", 304, "exact", "militants"), ("injured", 171, "more_than", "militants")]),
    ("Fighting has also killed 30 regime and allied fighters as well as 50 Syrian rebels.",
     [("killed", 30, "exact", "soldiers"), ("killed", 50, "exact", "militants")]),
    # victim groups
    ("Six women or children were among the 20 killed.", [("killed", 6, "exact", "civilians"), ("killed", 20, "exact", "people")]),
    ("Five paramedics and two journalists were wounded.", [("injured", 5, "exact", "civilians"), ("injured", 2, "exact", "civilians")]),
    ("Gunmen killed eleven miners near the coal field.", [("killed", 11, "exact", "civilians")]),
    ("A truck driver was killed by a roadside bomb.", [("killed", 1, "exact", "civilians")]),
    ("Twin car bombs killed at least 18 people mostly children.", [("killed", 18, "at_least", "people")]),
    ("Eleven pro-government fighters were killed in the counter-attack.", [("killed", 11, "exact", "soldiers")]),
    # numbers as reports write them
    ("The Observatory said 1200 people were killed in the siege.", [("killed", 1200, "exact", "people")]),
    ("Officials said 1,350 people were killed.", [("killed", 1350, "exact", "people")]),
    ("Also Wednesday 22 Daesh fighters were killed when warplanes struck a convoy.", [("killed", 22, "exact", "militants")]),
])
def test_claims_in_varied_wording(analyse, text, want):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want or claims_of(analyse(text, "2016-08-12")) == want


@pytest.mark.parametrize("text,want", [
    ("At least 72 people including nine children were killed in the attack.", [(72, False), (9, True)]),
    ("Thirteen civilians among them seven children were killed in aerial attacks.", [(13, False), (7, True)]),
    ("Seven civilians were killed among them a child and two women and nine others were injured.",
     [(7, False), (1, True), (2, True), (9, False)]),
    ("The Observatory says 34 people were killed 6 of them women or children.", [(34, False), (6, True)]),
    ("At least two of the killed were medical staff.", [(2, True)]),
    ("Among the dead were five children.", [(5, True)]),
])
def test_a_part_of_a_figure_is_its_own_claim_and_never_added(analyse, text, want):
    assert parts_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want


@pytest.mark.parametrize("text", [
    "Jets carried out at least 11 air strikes on the city, activists said.",
    "Nine Russian jets and eight Turkish war planes struck targets near al-Bab.",
    "The warplanes flew 10 sorties and hit seven targets, the ministry said.",
    "The town lies 40 km northeast of Aleppo.",
    "More than 230,000 people have been killed since the war began in 2011.",
    "The conflict has left more than 320000 people dead according to the Observatory.",
    "A 12-year-old boy was among those rescued from the rubble.",
    "In 2013, a chemical attack near Damascus killed hundreds of people.",
    "Thousands of rebels launched an offensive on Tuesday.",
    "Since then more than 350,000 people have been killed across the country.",
    "Aleppo was devastated by the five-year civil war which has killed more than 300000 people.",
    "The army has repelled seven attacks in the past two months, killing over 2200 militants.",
    "He claimed that at least 6000 ISIS militants have been killed on this front.",
    "More than 200 people were displaced by the fighting.",
    "Security forces arrested 35 suspects after the blast.",
    "About 2,000 families fled the town and 300 were evacuated.",
    "A man and his wife were killed when the shell struck.",
    "Some 150 peshmerga fighters crossed into the town.",
    "The insurgency, which began in 2009, has killed tens of thousands of people.",
    "Since the start of the offensive in June, 400 civilians have been killed.",
    "The war has killed more than 500,000 people.",
    "Rebels fired 20 rockets at the district.",
    "Rocket fire hit al-Mezzeh 86 in Damascus.",
])
def test_not_claims(analyse, text):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == []


def test_a_figure_restated_by_the_lead_is_one_claim(analyse):
    doc = analyse("Strikes on IS-held city kill at least 20\n\nActivists said air strikes on Raqqa on Thursday killed at least 20 civilians.", "2016-08-12")
    assert claims_of(doc) == [("killed", 20, "at_least", "civilians")]


def test_more_than_after_a_plain_figure_is_a_claim_of_its_own(analyse):
    # "over 17" states another figure than the headline's "17" (CODEBOOK: same number): two claims
    doc = analyse("8 persons killed 58 others injured in rocket attacks\n\nThe shells killed 8 persons and injured more than 58 others.", "2016-10-06")
    assert claims_of(doc) == [("killed", 8, "exact", "people"), ("injured", 58, "exact", "people"),
                              ("injured", 59, "more_than", "people")]
    doc = analyse("Attacks in Gaza kill 17\n\nOver 17 people were killed on Sunday by Israeli attacks.", "2006-11-05")
    assert claims_of(doc) == [("killed", 17, "exact", "people"), ("killed", 18, "more_than", "people")]


def test_a_demonstrative_figure_names_a_figure_again(analyse):
    for text in ("These one hundred deaths are the consequences of the war.", "Those 12 deaths were avoidable, he said."):
        assert claims_of(analyse(f"Headline\n\n{text}", "2006-01-31")) == []


def test_a_vague_headline_over_a_different_lead_figure_is_a_claim_of_its_own(analyse):
    doc = analyse("Dozens dead in gas attack\n\nAt least 42 people were killed in the attack on Douma.", "2018-04-09")
    assert claims_of(doc) == [("killed", 12, "vague", "people"), ("killed", 42, "at_least", "people")]


def test_superlative_since_the_war_is_not_a_total(analyse):
    doc = analyse("Headline\n\nThe attacks killed more than 200 people in the deadliest assault on the province since the war began.", "2018-07-26")
    assert claims_of(doc) == [("killed", 201, "more_than", "people")]


def test_claim_span_points_into_the_text(analyse):
    doc = analyse("Headline\n\nShelling killed 14 militants, the army said.", "2016-08-12")
    span = doc.spans["claims"][0]
    assert doc.text[span.start_char:span.end_char] == "14"


@pytest.mark.parametrize("text", [
    "Government raids on the province have intensified since rebels launched an offensive on July 31. "
    "The strikes have killed 122 civilians, the monitor said. Another 327 have been killed in Aleppo province.",
    "Shelling has grown heavier since the army began its assault in June. It has killed some 40 people, "
    "activists say. The toll includes 12 children.",
    "Since government forces mounted a push on the town, warplanes have hit it daily. "
    "They have left 60 dead according to medics.",
])
def test_the_sentences_after_a_campaign_tally_go_on_counting_it(analyse, text):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-14")) == []


def test_a_day_of_its_own_ends_the_tally(analyse):
    doc = analyse("Headline\n\nRaids have intensified since rebels launched an offensive on July 31. "
                  "On Sunday, strikes on Saraqeb have killed 12 people, the monitor said.", "2016-08-14")
    assert claims_of(doc) == [("killed", 12, "exact", "people")]


@pytest.mark.parametrize("text", [
    "Estimates of the death toll in the three weeks of operations vary from 10,000 to 30,000 people killed.",
    "After two months of fighting, more than 300 people have been killed in the city, the monitor said.",
    "During four years of war in the province, some 5,000 civilians were killed, the group said.",
])
def test_a_toll_over_weeks_months_or_years_of_fighting_is_no_incidents_figure(analyse, text):
    assert claims_of(analyse("Headline\n\n" + text, "2017-03-01")) == []


# ---- one victim, named or counted by the article's word (CODEBOOK "Figures of an incident") ----

@pytest.mark.parametrize("text,want", [
    ("A 66-year old Italian nun was shot dead by gunmen in a hospital.", [("killed", 1, "exact", "women")]),
    ("A veteran Lebanese politician, George Hawi, was assassinated today in Beirut.", [("killed", 1, "exact", "civilians")]),
    ("Jane Roe, 15, was shot and killed on Elm Street on Sunday.", [("killed", 1, "exact", "people")]),
    ("Officers eventually shot him dead outside a store.", [("killed", 1, "exact", "people")]),
    ("He died in hospital two days later.", [("killed", 1, "exact", "people")]),
    ("A police officer was shot and wounded during the robbery.", [("injured", 1, "exact", "soldiers")]),
    ("A soldier was killed and a civilian wounded in the blast.", [("killed", 1, "exact", "soldiers"), ("injured", 1, "exact", "civilians")]),
    ("One Briton was killed and another seriously wounded.", [("killed", 1, "exact", "people"), ("injured", 1, "exact", "people")]),
    ("The gunmen killed three and wounded one.", [("killed", 3, "exact", "people"), ("injured", 1, "exact", "people")]),
    ("One of the president's guards was killed.", [("killed", 1, "exact", "soldiers")]),
    ("Rebels killed 5 soldiers, injuring another.", [("killed", 5, "exact", "soldiers"), ("injured", 1, "exact", "soldiers")]),
    # names the model leaves without an entity, and definite victims bound through a conjunct
    ("Jane Roe was killed on Monday.", [("killed", 1, "exact", "people")]),
    ("Jane Roe was shot and killed on Monday.", [("killed", 1, "exact", "people")]),
    ("Gunmen shot and killed Jane Roe on Monday.", [("killed", 1, "exact", "people")]),
    ("The man was shot and died at the hospital.", [("killed", 1, "exact", "people")]),
    ("The man was shot in the 300 block of West Elm Avenue and died at the hospital.", [("killed", 1, "exact", "people")]),
    ("The boy was found shot dead in his car.", [("killed", 1, "exact", "children")]),
    # an attacker dead by his own hand is counted too, as a further part
    ("The gunman killed his wife and himself.", [("killed", 1, "exact", "women"), ("killed", 1, "exact", "people")]),
    ("A gunman shot and killed three people before killing himself.", [("killed", 3, "exact", "people"), ("killed", 1, "exact", "people")]),
    ("A protester was shot dead by police in Khartoum on Saturday.", [("killed", 1, "exact", "civilians")]),
    ("The victim was pronounced dead at the scene.", [("killed", 1, "exact", "people")]),
    ("A 25-year-old man is dead after a shooting in Dallas on Sunday.", [("killed", 1, "exact", "people")]),
    ("A body was found in the river on Monday.", [("killed", 1, "exact", "people")]),
    ("Police found the body of a woman in her home.", [("killed", 1, "exact", "women")]),
    # house numbers are no counts
    ("A man was killed at 1200 Oak Street on Sunday.", [("killed", 1, "exact", "people")]),
    ("John Smith, 34, was shot and killed Monday night in the 4100 block of Main Street.", [("killed", 1, "exact", "people")]),
])
def test_a_single_or_named_victim_counts(analyse, text, want):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want


def test_a_gunman_who_killed_two_and_then_himself_killed_three(analyse):
    """CODEBOOK 'Figures of an incident': the attacker who died counts."""
    doc = analyse("Headline\n\nA gunman killed two people and then himself.", "2016-08-12")
    assert [(s._.claim.quantity.low, s._.claim.adds) for s in doc.spans["claims"]] == [(2, False), (1, True)]


@pytest.mark.parametrize("text,want", [
    ("Two policewomen were shot in the city centre today, one fatally.", [("injured", 1, "exact", "soldiers"), ("killed", 1, "exact", "soldiers")]),
    ("Four people were shot Saturday night, two of them fatally.", [("injured", 2, "exact", "people"), ("killed", 2, "exact", "people")]),
    ("Five people were shot and two died.", [("injured", 3, "exact", "people"), ("killed", 2, "exact", "people")]),
    ("Three people were shot on Elm Street.", [("injured", 3, "exact", "people")]),
    ("Five people were wounded and two killed.", [("injured", 5, "exact", "people"), ("killed", 2, "exact", "people")]),
])
def test_n_shot_m_fatally_is_m_killed_and_the_rest_injured(analyse, text, want):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want


@pytest.mark.parametrize("text", [
    "No one was injured or killed, but the blast shattered windows.",
    "Police said John Smith, 23, was arrested at the scene.",
    "A man and his wife were killed.",
    "Both the groom and bride were safe but the groom's father and brother were killed in the attack.",
    "Main Street was closed for hours after the shooting.",
    "Police received a 911 call about shots fired on Elm Street.",
    "Six families were killed in the air strike.",
    "A bomb was found in the car on Monday.",
    "The dead: Michel Bahus, 56 (bus driver), Dina Turki, 21 (sister of Hazar).",
    "The teenagers, between the ages of 14 and 18, were taken to hospital.",
    "Shots hit 1200 Oak Street and 4521 Martin Luther King Jr. Boulevard overnight.",
])
def test_no_victim_counted_where_none_is_numbered(analyse, text):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == []


@pytest.mark.parametrize("text,want", [
    ("The deaths bring the British forces death toll in Iraq to 92.", []),
    ("Eight British soldiers have died in Afghanistan this month.", []),
    ("The total death toll among British troops in Iraq has now reached 100.", []),
    ("More than 11,000 people have been killed during nine years of violent conflict.", []),
    # the incident's own toll rising is its figure
    ("The blast brought the death toll from Tuesday's attack to 12.", [("killed", 12, "exact", "people")]),
])
def test_a_war_or_campaign_tally_is_no_claim(analyse, text, want):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want


@pytest.mark.parametrize("text,want", [
    ('"Five or possibly six people appear to have been killed," the minister said.', [("killed", 5, "range", "people")]),
    ("Five or six people were killed.", [("killed", 5, "range", "people")]),
    ("As of Sunday evening, all four are in stable condition, and no fatalities have emerged.", [("injured", 4, "exact", "people")]),
    ("Seven Canadians were killed, and six others were in critical condition.", [("killed", 7, "exact", "people"), ("injured", 6, "exact", "people")]),
    ("One person was killed and three were hospitalized.", [("killed", 1, "exact", "people"), ("injured", 3, "exact", "people")]),
    ("ETA grew into a guerrilla force which, to date, is responsible for killing more than 800 people.", []),
    # arrests are no casualties; the deaths of two youths are
    ("Arrests in the rioting total nearly 1200 following the deaths of two youths.", [("killed", 2, "exact", "people")]),
    ("Investigators verified the deaths of five civilians.", [("killed", 5, "exact", "civilians")]),
    ("Police found the bodies of two teenage boys at the temple.", [("killed", 2, "exact", "children")]),
    # vague counts of people, however told; not of anyone else
    ("At least sixty people have been killed and hundreds have been wounded.", [("killed", 60, "at_least", "people"), ("injured", 100, "vague", "people")]),
    ("Twenty dead, hundreds hurt after protest.", [("killed", 20, "exact", "people"), ("injured", 100, "vague", "people")]),
    ("Hundreds have gathered in the square.", []),
    # a part "among three killed" with or without "the"
    ("A monk was among three killed by insurgents.", [("killed", 1, "exact", "civilians"), ("killed", 3, "exact", "people")]),
    # event-note wordings: a person of no listed group, killings of N, a bullet graze
    ("Unidentified gunmen fatally shot a village chief in Kasai.", [("killed", 1, "exact", "civilians")]),
    ("Police said the slayings of three farmers were carried out by rebels.", [("killed", 3, "exact", "civilians")]),
    ("A boy was grazed by a bullet during clashes.", [("injured", 1, "exact", "children")]),
    ("Shells hit two villages near the town.", []),
    # how badly some of a figure were hurt is a part of it; "a third" is one more
    ("Sixteen were wounded, one seriously, when a man rammed a bus.", [("injured", 16, "exact", "people"), ("injured", 1, "exact", "people")]),
    ("Two students were shot dead, and a third was seriously injured.", [("killed", 2, "exact", "civilians"), ("injured", 1, "exact", "people")]),
    ("A third of the city was destroyed.", []),
    # hurt, told without an injury word; "taken" alone is no casualty
    ("Officials said 24 were taken to the hospital.", [("injured", 24, "exact", "people")]),
    ("Three people were rushed to hospital after the blast.", [("injured", 3, "exact", "people")]),
    ("Two hostages were taken to the mountains.", []),
    # "killed or injured": casualties, neither outcome; a figure far from its passive verb
    ("The bomb went off in the market, killing or injuring 20 people.", []),
    ("Four or more people were killed or injured.", []),
    ("At least eight alleged militants, both foreign and of local descent, were also believed to have been killed.",
     [("killed", 8, "at_least", "militants")]),
    # an outcome verb does not reach across a clause break to a figure
    ("Eight were injured when a suicide bomber struck 20 vehicles.", [("injured", 8, "exact", "people")]),
])
def test_ranges_with_or_negated_outcomes_and_tallies_to_date(analyse, text, want):
    assert claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) == want


@pytest.mark.parametrize("text", [
    "The local activist group Raqqa is being slaughtered silently said the strikes killed no one it could name.",
    "A soldier's family said the shelling went on all night.",
])
def test_a_noun_that_only_describes_another_is_no_victim(analyse, text):
    assert [c for c in claims_of(analyse(f"Headline\n\n{text}", "2016-08-12")) if c[1] == 1] == []


def test_two_victims_of_different_ages_are_two_people(analyse):
    doc = analyse("Headline\n\nA 28-year-old man was shot in the head about 1 a.m. Sunday. "
                  "On Saturday evening, a 19-year-old woman was shot in the leg.", "2021-06-08")
    assert claims_of(doc) == [("injured", 1, "exact", "people"), ("injured", 1, "exact", "women")]


@pytest.mark.parametrize("text, want", [
    ("A police sergeant was killed in the blast. In a separate attack, a man was fatally shot in front of a tea shop.",
     [("killed", 1, "exact", "soldiers"), ("killed", 1, "exact", "people")]),
    ("A woman was stabbed in Caringbah. Later a man suffered head injuries after being attacked at a hostel.",
     [("injured", 1, "exact", "women"), ("injured", 1, "exact", "people")]),
    # the same person told twice, the second time by another word or the definite article: one
    ("A soldier was killed in the attack, the ministry said. The army said a soldier died when the bomb went off.",
     [("killed", 1, "exact", "soldiers")]),
    ("A policeman was shot dead on Friday. The officer died at the scene.", [("killed", 1, "exact", "soldiers")]),
])
def test_each_person_introduced_by_a_is_another_victim(analyse, text, want):
    assert [c[:4] for c in claims_of(analyse(f"Attack in the south\n\n{text}", "2021-06-08"))] == want


@pytest.mark.parametrize("text", [
    "A 21-year-old woman and her mother died in the blast.",
    "A man and his wife were killed.",
    "A soldier and a civilian were killed in the blast.",
    "A woman and a child were wounded when the shell hit.",
])
def test_a_person_joined_to_another_unnumbered_is_no_figure(analyse, text):
    assert claims_of(analyse(f"Headline\n\n{text}", "2021-06-08")) == []


@pytest.mark.parametrize("text, want", [
    ("A policeman and two civilians were killed.", [("killed", 1, "exact", "soldiers"), ("killed", 2, "exact", "civilians")]),
    ("One soldier and 16 rebels were killed.", [("killed", 1, "exact", "soldiers"), ("killed", 16, "exact", "militants")]),
    ("A soldier was killed and a civilian wounded.", [("killed", 1, "exact", "soldiers"), ("injured", 1, "exact", "civilians")]),
])
def test_a_person_beside_a_number_or_in_a_clause_of_its_own_is_counted(analyse, text, want):
    assert [c[:4] for c in claims_of(analyse(f"Headline\n\n{text}", "2021-06-08"))] == want


def test_overnight_in_the_headline_is_the_day_the_lead_names(analyse):
    doc = analyse("Man killed in overnight shooting in Memphis\n\nA man was killed in a shooting early Sunday in "
                  "South Memphis, police said.", "2021-06-08")
    import datetime as dt
    assert next(e for e in doc._.events if e.is_primary).event_date == dt.date(2021, 6, 6)


@pytest.mark.parametrize("text", [
    "Attacks in Algiers kill 23 people and wound 162\n\nThis morning, Algiers was targeted by two bombings.",
    "Bombs in Algiers kill 23, wound 162\n\nOn Wednesday morning two bombs went off in Algiers.",
])
def test_a_headlines_last_number_before_a_time_on_the_next_line_is_a_figure(analyse, text):
    # the model's TIME entity takes the number and the line break ('162⏎⏎This morning')
    assert ("injured", 162) in [c[:2] for c in claims_of(analyse(text, "2007-04-11"))]


@pytest.mark.parametrize("text, group", [
    ("The medical centre was hit and its director Amjad al-Danaf was killed.", "civilians"),
    ("The strike killed journalist Samir Kassir.", "civilians"),
    ("Hami Wani, the deputy headman of Ban Salo village, was fatally shot.", "civilians"),
])
def test_a_named_victim_takes_the_group_of_the_noun_before_the_name(analyse, text, group):
    assert [c[3] for c in claims_of(analyse(f"Headline\n\n{text}", "2016-08-12"))] == [group]


def test_every_tally_pattern_needs_a_cue_the_quick_test_looks_for():
    """war_wide skips sentences holding none of war_wide_cues: a pattern without one would
    never be tried."""
    from sitrep.tasks.extract.lexicon import value
    cues = value("war_wide_cues")
    for p in value("war_wide_patterns") + value("campaign_patterns"):
        assert any(c.replace(" ", r"\s+") in p.lower() or c in p.lower() for c in cues), p


def test_the_quick_word_tests_say_what_their_regex_would():
    from sitrep.tasks.extract.claims import _WordTest
    test = _WordTest({"killed", "co-worker", "a"}, digits=True)
    assert test.search("Three were Killed.") and test.search("his co-worker died") and test.search("in 2016")
    assert test.search("a man") and not test.search("the killedx men") and not test.search("nothing here")


@pytest.mark.parametrize("text, want", [
    ("A teenager died and three others were hurt in a drive-by shooting Friday.",
     [("killed", 1, "exact", "children"), ("injured", 3, "exact", "people")]),
    ("The shelling killed a girl child and injured two others.", [("killed", 1, "exact", "children"), ("injured", 2, "exact", "people")]),
    # more of a group, or another of one person's kind, is that group
    ("Ten civilians were killed and 16 others wounded.", [("killed", 10, "exact", "civilians"), ("injured", 16, "exact", "civilians")]),
    ("A British soldier has been killed and another is seriously injured.",
     [("killed", 1, "exact", "soldiers"), ("injured", 1, "exact", "soldiers")]),
])
def test_others_beside_one_victim_are_people_beside_a_group_that_group(analyse, text, want):
    assert [c[:4] for c in claims_of(analyse(f"Headline\n\n{text}", "2016-08-12"))] == want


@pytest.mark.parametrize("text, want", [
    ("Three people were shot Sunday, one of them fatally.", [("injured", 2), ("killed", 1)]),
    ("Four people were shot, two of them fatally.", [("injured", 2), ("killed", 2)]),
    ("Two people were shot, one fatally.", [("injured", 1), ("killed", 1)]),
])
def test_shot_then_one_of_them_fatally(analyse, text, want):
    assert [c[:2] for c in claims_of(analyse(f"Headline\n\n{text}", "2021-06-08"))] == want


@pytest.mark.parametrize("text,want", [
    ("Terrorists killed in Syria\n\n02.10.2017Get short URL 191 A total of 24 Daesh terrorists were killed near Raqqa.",
     [("killed", 24, "exact", "militants")]),
    ("Blast in Kabul\n\n29.10.2017(updated 1731 29.10.2017) Get short URL 0 110 A bomb killed 12 people in Kabul.",
     [("killed", 12, "exact", "people")]),
    ("Attack in Mogadishu\n\n1,204 shares 37 comments A bomb killed five soldiers in Mogadishu on Monday.",
     [("killed", 5, "exact", "soldiers")]),
])
def test_a_pages_share_counter_is_no_figure(analyse, text, want):
    assert claims_of(analyse(text)) == want


@pytest.mark.parametrize("text,want", [
    # the dead among the wounded just counted, told in the next sentence: M killed, N - M injured
    ("Shooting\n\nFour people were shot Saturday night, police said. One of them died at a hospital.",
     [("injured", 3, "exact", "people"), ("killed", 1, "exact", "people")]),
    ("Shooting\n\nThree people were shot outside a nightclub early Sunday. Two of them died at the scene.",
     [("injured", 1, "exact", "people"), ("killed", 2, "exact", "people")]),
    ("Shooting\n\nFive people were wounded in the shooting. Two of the victims later died.",
     [("injured", 3, "exact", "people"), ("killed", 2, "exact", "people")]),
    ("Shooting\n\nPolice said 4 men were shot on Elm Street. But one died on the way to hospital.",
     [("injured", 3, "exact", "people"), ("killed", 1, "exact", "people")]),
    # not people of their own, nor the dead among the dead
    ("Blast\n\nThree people were injured in the blast. Two men died in a separate attack.",
     [("injured", 3, "exact", "people"), ("killed", 2, "exact", "people")]),
])
def test_the_dead_among_the_wounded_of_the_sentence_before(analyse, text, want):
    assert [(o, n, q, g) for o, n, q, g in claims_of(analyse(text))] == want


@pytest.mark.parametrize("text,want", [
    # a family's size is never a count; the parent and the child are one victim each (CODEBOOK)
    ("Shooting\n\nA father of three was killed and his 8-year-old son was wounded in a drive-by shooting.",
     [("killed", 1, "exact", "people"), ("injured", 1, "exact", "children")]),
    ("Ambush\n\nA mother-of-two died when gunmen opened fire on her car.", [("killed", 1, "exact", "women")]),
    ("Shooting\n\nHer husband was shot dead outside their home.", [("killed", 1, "exact", "people")]),
    # victims listed one by one, each a victim
    ("Double homicide\n\nJohn Doe, 23, and Mark Roe, 30, were killed in a shooting on Elm Street.",
     [("killed", 1, "exact", "people"), ("killed", 1, "exact", "people")]),
    ("Triple homicide\n\nJane Roe, Mary Poe and Ann Loe were shot and killed Saturday on Elm Street.",
     [("killed", 1, "exact", "people")] * 3),
    # found wounded; found wounded and then dead: one man
    ("Shooting\n\nOfficers found a man with a gunshot wound on Elm Street.", [("injured", 1, "exact", "people")]),
    ("Shooting\n\nA man was found with gunshot wounds and died at a hospital.", [("killed", 1, "exact", "people")]),
    ("Shooting\n\nOfficers found a man with a gunshot wound at 911 Elm St. He was pronounced dead at the scene.",
     [("killed", 1, "exact", "people")]),
    # not victims: who speaks, a weapon found
    ("Shooting\n\nHis brother said the family was devastated after the shooting.", []),
    ("Arrest\n\nOfficers found a man with a gun on Elm Street.", []),
])
def test_single_victims_of_local_news_are_counted_once(analyse, text, want):
    assert claims_of(analyse(text)) == want


def test_victims_listed_by_name_add_up_in_the_incident(analyse):
    doc = analyse("Double homicide\n\nJohn Doe, 23, and Mark Roe, 30, were killed in a shooting on Elm Street.", "2020-05-05")
    killed = [s._.claim for s in doc.spans["claims"] if s._.claim.outcome == "killed"]
    assert [c.adds for c in killed] == [False, True]


@pytest.mark.parametrize("text,want", [
    ("Shooting\n\nA 19-year-old man was shot in the leg and a 21-year-old woman suffered a graze wound early Sunday.",
     [("injured", 1, "exact", "people"), ("injured", 1, "exact", "women")]),
    ("Attack\n\nThe driver sustained fatal injuries in the attack.", [("killed", 1, "exact", "civilians")]),
    # an age that stands for the person
    ("Shooting\n\nPolice said a 15-year-old boy was fatally shot and a 16-year-old was wounded.",
     [("killed", 1, "exact", "children"), ("injured", 1, "exact", "people")]),
    ("Shooting\n\nA 17-year-old died after being shot on Elm Street.", [("killed", 1, "exact", "people")]),
    ("Arrest\n\nPolice arrested a 17-year-old in connection with the shooting.", []),
    # the attacker's own death counts (CODEBOOK: "killed two people and then himself" is 3)
    ("Party shooting\n\nA gunman opened fire at a party, killing two and wounding four before turning the gun on himself.",
     [("killed", 2, "exact", "people"), ("injured", 4, "exact", "people"), ("killed", 1, "exact", "people")]),
])
def test_wounds_suffered_ages_for_people_and_the_gunmans_own_death(analyse, text, want):
    assert claims_of(analyse(text)) == want


@pytest.mark.parametrize("text,want", [
    # a battle's running tally is no incident's figure (issue 31); a day's battle keeps its own
    ("Fighting in Latakia\n\nThe battle in Latakia has killed some 300 fighters on both sides, the Observatory said.", []),
    ("Battle near Hama\n\nAt least 12 soldiers were killed in a battle with rebels near Hama on Monday, the army said.",
     [("killed", 12, "at_least", "soldiers")]),
])
def test_a_battles_running_tally_is_no_claim(analyse, text, want):
    assert claims_of(analyse(text)) == want


@pytest.mark.parametrize("text,want", [
    # the person told again in apposition is one victim, no list of two
    ("Shooting\n\nPolice said the victim, a 32-year-old man, died at the scene.", [("killed", 1, "exact", "people")]),
    # a part named in apposition stays a part
    ("Blasts\n\nBomb blasts in south-eastern Turkey have claimed the lives of two people, one of them a police officer.",
     [("killed", 2, "exact", "people"), ("killed", 1, "exact", "soldiers")]),
    # an unnumbered list is no figure (CODEBOOK)
    ("Shooting\n\nA man and a woman were killed.", []),
])
def test_a_victim_restated_in_apposition_is_one(analyse, text, want):
    assert claims_of(analyse(text)) == want


@pytest.mark.parametrize("text,want", [
    # "another" with its verb left out is one more victim
    ("Shooting\n\nOne person is dead and another injured after a shooting outside a Houston bar.",
     [("killed", 1, "exact", "people"), ("injured", 1, "exact", "people")]),
    ("Ambush\n\nOne soldier was killed and another wounded in the ambush.",
     [("killed", 1, "exact", "soldiers"), ("injured", 1, "exact", "soldiers")]),
    ("Arrests\n\nPolice arrested one man and questioned another.", []),
])
def test_another_with_its_verb_left_out_is_one_more(analyse, text, want):
    assert claims_of(analyse(text)) == want
