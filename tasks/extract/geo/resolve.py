"""Stage 2b of the geoparser: each name resolved among its gazetteer readings, by evidence,
strongest first:

1. an explicit qualifier: 'CITY, St.', 'Paris, Texas', '(District, Province)', 'X in Y',
   "Y's X" — a reading that lies in the qualifying place (resolved first, helped by the
   names it qualifies: 'Bokkos, Plateau' makes Plateau Nigeria's);
2. the dateline's reading of the same name; one reading of a name per article;
3. a country's name is the country, a division's name the division (never a namesake town
   elsewhere), unless the article's country has a division of that name ('Georgia' in a
   story from Atlanta) or a town of that name lies inside the division ('Kano');
4. a reading outside the countries the article's evidence points to needs its own country
   named with it (a qualifier), or a text that names no country at all and a well-known place;
5. agreement with the other places of the article (the same division, nearby), then the
   article's country, then our own tables, then population.

A name the gazetteer lacks ('the village of Damadola in the Bajaur area of Pakistan') is
kept as written, placed where its qualifier or the next place named puts it, with the
precision of that place.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.common.gazetteer import Gazetteer, Place, km_apart
from sitrep.tasks.extract.geo.focus import Focus, article_focus
from sitrep.tasks.extract.geo.recognize import Demonym, Mention
from sitrep.tasks.extract.geo.vocabulary import GeoVocabulary

# a place of this many people anywhere is known well enough to be named without its country
WELL_KNOWN = 100_000
# how far apart a town and the town that qualifies it ('X, a village near Y') may lie
NEAR_QUALIFIER_KM = 60
# in a country the article is about but not mainly, a town this small needs the words to call it a place
SECONDARY_TOWN = 20_000
# a place this near a local report's city, and a tenth of its size, is a part of it
PART_KM = 12
# a small namesake this far from a local report's city is not what the report means
FAR_KM = 150


@dataclass
class Resolution:
    mention: Mention
    place: Place
    candidates: list[Place]
    precision: str
    name: str | None = None   # the place's name where it is not the mention's own words (a quarter's town)


def resolve_mentions(doc: Doc, mentions: list[Mention], demonyms: list[Demonym], gaz: Gazetteer,
                     vocab: GeoVocabulary) -> tuple[list[Resolution], Focus]:
    """Every mention's reading (those with none left out) and the article's focus."""
    focus = article_focus(doc, mentions, demonyms, gaz, vocab)
    resolver = _Resolver(doc, mentions, demonyms, gaz, vocab, focus)
    return resolver.run(), focus


class _Resolver:
    def __init__(self, doc, mentions, demonyms, gaz, vocab, focus: Focus):
        self.doc, self.mentions, self.gaz, self.vocab = doc, mentions, gaz, vocab
        self.votes, self.evidence, self.home = focus.votes, focus.evidence, focus.country
        self.home_set = set(focus.home)
        # the countries each sentence names (a country, a nationality, a division)
        self.named_in: dict[int, set[str]] = {}
        for m in mentions:
            if m.candidates and m.role != "drop" and m.candidates[0].kind == "country":
                self.named_in.setdefault(m.sentence, set()).add(m.candidates[0].country_code)
        for d in demonyms:
            self.named_in.setdefault(d.sentence, set()).add(d.country_code)
        self.reading: dict[int, Place] = {}
        self.anchor: Place | None = None
        self.by_key: dict[str, Place] = {}
        self.qualified_by: dict[int, list[int]] = {}
        for n, m in enumerate(mentions):
            for q in m.qualifiers:
                self.qualified_by.setdefault(q, []).append(n)

    # ------------------------------------------------------------------ order of work
    def run(self) -> list[Resolution]:
        ms = self.mentions
        # the dateline first (its qualifier fixes the name for the article: "PORTLAND, Maine"),
        # then the qualifiers before the names they qualify, in text order
        order = sorted(range(len(ms)), key=lambda n: (ms[n].role != "dateline", self._depth(n, set()), ms[n].start))
        # first the names whose reading the words pin down, then the rest with their agreement
        for phase in (1, 2):
            for n in order:
                if n in self.reading or not ms[n].candidates:
                    continue
                place = self._choose(n, phase)
                if place is not None:
                    self.reading[n] = place
                    self.by_key.setdefault(ms[n].key, place)
        self._qualifier_roles()
        self.anchor = self._anchor()
        out: list[Resolution] = []
        for n, m in enumerate(ms):
            if m.role == "drop" or (m.role == "qualifier" and n not in self.reading):
                continue
            if n in self.reading:
                r = self._reading_of(n)
            elif not m.candidates or self._unlisted_namesake(n):
                r = self._unlisted(n)
            else:
                r = None
            if r is not None:
                out.append(r)
        return out

    def _reading_of(self, n: int) -> Resolution | None:
        """A gazetteer name's resolution: its reading, or the town it is a part of."""
        m, place, anchor = self.mentions[n], self.reading[n], self.anchor
        if m.key in self.vocab.city_part_names:
            return self._city_part(m)
        town = next((self.reading[q] for q in m.qualifiers if q in self.reading
                     and self.reading[q].kind not in ("country", "admin1", "admin2")), None)
        if m.noun in self.vocab.quarter_nouns and town is not None:
            return Resolution(m, town, [town], "place", town.name)   # "the Miraflores district of Lima"
        if anchor is not None and m.noun in self.vocab.quarter_nouns | {"community"} and not m.qualifiers \
                and place != anchor and (place.country_code != anchor.country_code or km_apart(place, anchor) > PART_KM):
            return Resolution(m, anchor, [anchor], "place", anchor.name)   # "the Kensington section of the city"
        city = self._city_of_a_quarter(n) if anchor is None and m.noun in self.vocab.quarter_nouns else None
        if city is not None and place != city and place.population < city.population \
                and place.kind not in ("country", "admin1", "admin2"):   # ("Dibrugarh district" is a division)
            # "Police in Louisville … in the Russell neighborhood", "the Englewood neighborhood on
            # Chicago's South Side": a neighbourhood is coded as its town (CODEBOOK)
            return Resolution(m, city, [city], "place", city.name)
        part = self._part_of(n, place, anchor)
        if part is not None:   # "the Ensley community", "outside Westport bar": a part of the city
            return Resolution(m, part, [part], "place", part.name)
        if anchor is not None and self._far_from(n, place, anchor):
            if m.noun:   # "the Linden neighborhood" of a report from Columbus
                return Resolution(m, anchor, [anchor], "place", anchor.name)
            if "settlement" not in m.cues:   # ("the Red Sea port of Mokha": the words call it a town of its own)
                return None   # "Grant Beach", "Five Points": no namesake 1,000 km away
        return Resolution(m, place, self._allowed(n), self._precision(m, place))

    def _unlisted(self, n: int) -> Resolution | None:
        """A name the gazetteer lacks: kept as written, at its container's point; a part of a
        town coded as the town ("the Risala neighbourhood of Al Amarah", "Chicago's South Side")."""
        m = self.mentions[n]
        if m.key in self.vocab.city_part_names:
            return self._city_part(m)
        container = self._container(n)
        if container is None:
            return None
        quarter = m.noun in self.vocab.quarter_nouns or any(
            self.mentions[q].end < len(self.doc) and self.doc[self.mentions[q].end].text in ("'s", "’s")
            for q in m.qualifiers)
        if quarter and container.kind not in ("country", "admin1", "admin2", "unlisted"):
            return Resolution(m, container, [container], "place", container.name)
        place = Place(self._written(m), container.admin1, container.country_code, container.latitude,
                      container.longitude, "unlisted", "text", 0,
                      container.admin2 or (container.name if container.kind == "admin2" else None), "named in the text")
        return Resolution(m, place, [place], _container_precision(container))

    def _city_part(self, m: Mention) -> Resolution | None:
        """"the city's East Side", "Southside", "downtown": the report's city (its dateline's,
        its police's) whatever the gazetteer holds under the name, else no place said."""
        anchor = self.anchor
        return Resolution(m, anchor, [anchor], "place", anchor.name) if anchor is not None else None

    # ------------------------------------------------------------------ one city's report
    def _anchor(self) -> Place | None:
        """The city a local report is from: its dateline's town, else the town of its police
        ('Louisville Metro Police', 'Dayton police said') — None for a report with neither."""
        for want in ("dateline", "modifier"):
            # (a national capital in a dateline is where a wire report was filed: "MOGADISHU (Reuters)")
            towns = [self.reading[n] for n, m in enumerate(self.mentions) if m.role == want and n in self.reading
                     and self.reading[n].kind not in ("country", "admin1", "admin2")
                     and self.reading[n].country_code == self.home
                     and self.gaz.capital_of(self.reading[n].name) != self.reading[n].country_code]
            if towns:
                return max(towns, key=lambda p: p.population) if want == "modifier" else towns[0]
        return None

    def _city_of_a_quarter(self, n: int) -> Place | None:
        """The largest well-known town of the article's country named before a quarter's
        mention or in its sentence (the city a neighbourhood is a part of); None when none is."""
        m = self.mentions[n]
        towns = [self.reading[q] for q, o in enumerate(self.mentions) if q != n and q in self.reading
                 and (o.start < m.start or o.sentence == m.sentence)
                 and o.role != "drop" and self.reading[q].kind not in ("country", "admin1", "admin2")
                 and self.reading[q].country_code == self.home and self.reading[q].population >= WELL_KNOWN]
        return max(towns, key=lambda p: p.population) if towns else None

    def _part_of(self, n: int, place: Place, anchor: Place | None) -> Place | None:
        """The city a small place is a part of: a GeoNames place within a few kilometres of the
        report's city and a small fraction of its size (a neighbourhood, an inner suburb) is
        coded as that city, as the codebook codes a neighbourhood."""
        m = self.mentions[n]
        if anchor is None or place == anchor or place.source != "geonames" or place.is_division \
                or place.kind == "country" or m.role == "dateline" or m.qualifiers:
            return None
        if place.country_code != anchor.country_code or km_apart(place, anchor) > PART_KM:
            return None
        return anchor if place.population * 10 < anchor.population else None

    def _far_from(self, n: int, place: Place, anchor: Place) -> bool:
        """A small namesake far from a local report's city, that nothing else in the text
        supports: no reading of the name at all ('Grant Beach', 'Glen Park', 'Brownsville')."""
        m = self.mentions[n]
        if place.source != "geonames" or place.is_division or place.kind == "country" or m.qualifiers \
                or m.role in ("dateline", "origin") or n in self.qualified_by:
            return False
        # a name with one reading in the country, by its own name, is the place the text means
        # ("the central Somali town of Beledweyne"), however far from the report's city
        namesakes = [c for c in m.candidates if c.country_code == place.country_code and not c.is_division]
        if len(namesakes) == 1 and place.origin == "GeoNames name" and place.population >= SECONDARY_TOWN:
            return False
        return place.country_code == anchor.country_code and place.population < anchor.population \
            and km_apart(place, anchor) > FAR_KM and (place.admin1 != anchor.admin1 or place.population < 5_000)

    def _qualifier_roles(self) -> None:
        """A name that only says where another lies ('Paris, Texas', 'Kwatas (Bokkos, Plateau)',
        'EL PASO, Texas') is no place of its own for the incident: its role becomes `qualifier`."""
        for n, m in enumerate(self.mentions):
            inner = self.reading.get(n)
            for q in m.qualifiers:
                outer = self.reading.get(q)
                qm = self.mentions[q]
                if outer is None or qm.role not in ("place",) or qm.start < m.start:
                    continue
                # a division or a country after a name, or any place in brackets after it: not two
                # towns of a list ("around Hama, Homs and Idlib")
                bracketed = self.doc[qm.start - 1].text in ("(", ",") and "(" in self.doc[m.end:qm.start].text
                if outer.kind not in ("country", "admin1", "admin2") and not bracketed:
                    continue
                if inner is None or _fits(inner, outer):   # (no reading: a place the gazetteer lacks, there)
                    qm.role = "qualifier"

    def _depth(self, n: int, seen: set[int]) -> int:
        """How many names this one's qualifiers hang on (qualifiers are resolved first)."""
        if n in seen:
            return 0
        seen.add(n)
        qs = self.mentions[n].qualifiers
        return 1 + max((self._depth(q, seen) for q in qs), default=-1) if qs else 0

    # ------------------------------------------------------------------ one name
    def _allowed(self, n: int) -> list[Place]:
        """The readings the article's evidence admits (rule 4), narrowed by rule 3."""
        m = self.mentions[n]
        cands = list(m.candidates)
        qual = self._qualifying_places(n)
        if qual:
            fitting = [c for c in cands if any(_fits(c, q) for q in qual)]
            if fitting:
                return self._kind_rules(m, fitting, qualified=True)
            if any(q in self.reading for q in m.qualifiers) and not any(c.kind == "country" for c in cands):
                return []   # "Orum al-Kubra in Aleppo province" is no Orem, Utah: a place the gazetteer lacks
        cands = self._kind_rules(m, cands, qualified=False)
        supported = {id(c) for c in cands if self._support(n, c)}
        out = []
        strong = bool(m.cues & {"entity", "settlement", "division", "district", "qualified", "dateline", "possessive"})
        for c in cands:
            if c.country_code != self.home and not (c.curated or c.is_division or c.kind == "country") \
                    and not strong and c.population < SECONDARY_TOWN and id(c) not in supported:
                continue   # a small town of a country the article names as a party ("the Tomahawk missiles")
            # our own tables' places too need the article to point at their country ("the Rift
            # Valley town of Shashamane, Ethiopia" is no province of Kenya)
            if c.kind == "country" or c.country_code in self.home_set or id(c) in supported or \
                    (c.curated and (c.country_code in self.evidence or not self.evidence)):
                out.append(c)
            elif c.country_code in self.evidence and (
                    m.role == "dateline" or c.country_code in self.named_in.get(m.sentence, ())):
                out.append(c)   # a place of another country the article names, named with it
            elif not self.evidence and (c.population >= WELL_KNOWN or (m.strong and c.population >= 10_000)
                                        or c.kind == "admin1"):
                out.append(c)
        return out

    def _kind_rules(self, m: Mention, cands: list[Place], qualified: bool) -> list[Place]:
        """A country's name is the country and a division's the division, never a namesake
        town elsewhere; a district's name is a district only where the words say so."""
        curated = [c for c in cands if c.curated and c.kind != "country"]
        if curated:   # our own tables' reading of a place beats GeoNames' reading of the same place ("Bishkek")
            cands = [c for c in cands if c.curated or not any(
                c.country_code == k.country_code and km_apart(c, k) <= 15 for k in curated)]
        if m.role == "dateline":   # "WASHINGTON —": a dateline is a town before it is a state
            return [c for c in cands if c.kind != "admin2"] or cands
        district_said = bool(m.cues & {"district", "qualifies"}) or any(
            w in m.key.split() for w in ("county", "district", "parish", "borough"))
        if not district_said:
            cands = [c for c in cands if c.kind != "admin2"] or ([] if all(c.kind == "admin2" for c in cands) else cands)
        countries = [c for c in cands if c.kind == "country"]
        divisions = [c for c in cands if c.kind == "admin1" or (c.source == "governorates")]
        if len(countries) > 1 or (countries and self._longer_country(m)):
            # "Congo" after "the Democratic Republic of Congo": the country the article names in full
            fuller = self._longer_country(m)
            countries = [c for c in countries if fuller is None or c.country_code == fuller] or (
                [self.gaz.country(fuller)] if fuller and self.gaz.country(fuller) else countries)
        if countries:
            home_divisions = [d for d in divisions if d.country_code == self.home and d.country_code != countries[0].country_code]
            if home_divisions and not (m.cues & {"possessive"}):
                return home_divisions   # "Georgia" in a story from Atlanta
            return countries
        for homes in (self.home_set, {self.home}):
            if divisions and not any(d.country_code in homes for d in divisions) and any(
                    not c.is_division and c.country_code in homes and c.population >= WELL_KNOWN for c in cands):
                divisions = []   # "Beni" in an article about Congo: its city, not Bolivia's department
        if divisions and not qualified:
            # a town of another country does not take a division's name ("California", Maryland);
            # a town inside the division of its name ("Kano", "Aleppo", "Kharkiv") keeps it. A
            # division of a country the article does not point to is no match for a larger town
            # ("Charlotte-Mecklenburg Police": no parish of Saint Vincent)
            plausible = self.evidence | self.home_set
            divisions = [d for d in divisions if d.country_code in plausible or d.curated
                         or d.population >= max((c.population for c in cands if not c.is_division), default=0)]
            if divisions:
                return [c for c in cands if c.is_division or c.source == "governorates"
                        or any(_fits(c, d) for d in divisions)] or cands
        return cands

    def _longer_country(self, m: Mention) -> str | None:
        """The country of a longer country name of the article that holds this name's words."""
        words = m.key.split()
        for other in self.mentions:
            if other is m or not other.candidates or other.candidates[0].kind != "country" or len(other.key) <= len(m.key):
                continue
            ow = other.key.split()
            if any(ow[i:i + len(words)] == words for i in range(len(ow) - len(words) + 1)):
                return other.candidates[0].country_code
        return None

    def _qualifying_places(self, n: int) -> list[Place]:
        out = []
        for q in self.mentions[n].qualifiers:
            if q in self.reading:
                out.append(self.reading[q])
            elif not self.mentions[q].candidates:
                continue
            else:   # not yet resolved (a cycle): any reading it may have
                out.extend(self.mentions[q].candidates)
        return out

    def _support(self, n: int, c: Place) -> int:
        """How many of the names this one qualifies, or that qualify it, agree with reading c."""
        score = 0
        for other in self.qualified_by.get(n, ()):
            cands = [self.reading[other]] if other in self.reading else self.mentions[other].candidates
            if any(_fits(x, c) for x in cands):
                score += 1
        for q in self.mentions[n].qualifiers:
            cands = [self.reading[q]] if q in self.reading else self.mentions[q].candidates
            if any(_fits(c, x) for x in cands):
                score += 1
        return score

    def _choose(self, n: int, phase: int) -> Place | None:
        m = self.mentions[n]
        known = self.by_key.get(m.key)
        if known is not None and not m.qualifiers and any(c == known for c in m.candidates):
            return known   # one reading of a name per article (the dateline's first)
        cands = self._allowed(n)
        if not cands:
            return None
        if len({(c.country_code, c.admin1, c.kind == "country") for c in cands}) > 1 and phase == 1 \
                and not m.qualifiers and n not in self.qualified_by and m.role != "dateline":
            return None    # ambiguous: wait for the other names' agreement
        agreement = self._agreement() if phase == 2 else {}
        division_cue = bool(m.cues & {"division", "division_adjective"})
        largest = max((c.population for c in cands if not c.curated and not c.is_division), default=0)

        qualifies = n in self.qualified_by and any(self.mentions[o].start < m.start for o in self.qualified_by[n])

        def rank(c: Place):
            minor = not c.curated and not c.is_division and c.kind != "country" and c.population * 20 < largest
            return (-self._support(n, c), qualifies and not c.is_division, minor, -agreement.get((c.country_code, c.admin1), 0),
                    -round(self.votes.get(c.country_code, 0), 1), not c.curated,
                    c.is_division != division_cue and c.kind != "admin2", -c.population)

        return min(cands, key=rank)

    def _agreement(self) -> Counter:
        """(country, admin1) -> how many names of the article resolved there so far (a
        division named counts twice)."""
        found: Counter = Counter()
        for n, p in self.reading.items():
            if p.kind == "country" or self.mentions[n].role == "qualifier":
                continue
            found[(p.country_code, p.admin1)] += 2 if p.kind == "admin1" else 1
        return found

    # ------------------------------------------------------------------ precision
    def _precision(self, m: Mention, place: Place) -> str:
        if place.kind == "country":
            return "country"
        if place.kind == "admin1":
            return "admin1"
        if place.kind == "admin2":
            return "admin2"
        if m.cues & {"near"}:
            return "near_place"
        return "place"

    # ------------------------------------------------------------------ unlisted names
    def _container(self, n: int, home_fallback: bool = True) -> Place | None:
        """Where a name the gazetteer lacks lies: its qualifier, else the next place named
        after it in the same sentence ('the village of Damadola in the Bajaur area of
        northwestern Pakistan'), else the article's country."""
        m = self.mentions[n]
        for q in m.qualifiers:
            if q in self.reading:
                return self.reading[q]
        later = [k for k, other in enumerate(self.mentions)
                 if other.sentence == m.sentence and other.start >= m.end and other.start - m.end <= 15
                 and k in self.reading and other.role not in ("drop",) and "far" not in other.cues]
        if later:   # the finest of them: "… controlled by IS in Syria's Deir Ezzor province" is Deir Ezzor
            order = {"admin2": 1, "admin1": 2, "country": 3}
            return self.reading[min(later, key=lambda k: (order.get(self.reading[k].kind, 0), self.mentions[k].start))]
        if not home_fallback:
            return None
        if self.anchor is not None and not m.qualifiers:   # "in Watts" in a report from Los Angeles
            return self.anchor
        # "… the Civil Defense in Aleppo … on a centre in the town of Al-Atareb": the division of
        # the place named before it in the sentence, or the one the article is about
        earlier = [k for k, other in enumerate(self.mentions) if other.sentence == m.sentence and other.end <= m.start
                   and k in self.reading and self.reading[k].country_code in self.home_set
                   and self.reading[k].kind != "country"]
        division = self._division_of(self.reading[earlier[-1]]) if earlier else self._article_division()
        if division is not None:
            return division
        if self.home is not None and self.home in self.gaz.countries:
            return self.gaz.countries[self.home]
        return None

    def _division_of(self, place: Place) -> Place | None:
        if place.kind in ("admin1", "admin2"):
            return place
        return self.gaz.division(place.country_code, place.admin1)

    def _article_division(self) -> Place | None:
        """The first-level division most of the article's places lie in, when two thirds do."""
        found = Counter((p.country_code, p.admin1) for n, p in self.reading.items()
                        if p.kind != "country" and p.admin1 and p.country_code in self.home_set
                        and self.mentions[n].role in ("place", "modifier"))
        if not found:
            return None
        (cc, admin1), n = found.most_common(1)[0]
        return self.gaz.division(cc, admin1) if n >= 2 and n >= 2 / 3 * sum(found.values()) else None

    def _unlisted_namesake(self, n: int) -> bool:
        """Whether a name none of whose readings the article admits is still a place, one the
        gazetteer lacks: 'the industrial city of Adra in Damascus countryside' (Adra, Spain,
        is another), 'Orum al-Kubra in Aleppo province'."""
        m = self.mentions[n]
        if m.role != "place" or not m.cues & {"settlement", "qualified"} or m.candidates[0].kind in ("country", "admin1"):
            return False
        container = self._container(n, home_fallback=False)
        return container is not None and container.country_code in self.home_set

    def _written(self, m: Mention) -> str:
        text = self.doc[m.start:m.end].text
        text = " ".join(text.split())
        return text.title() if text.isupper() else text


def _container_precision(container: Place) -> str:
    """What a place the gazetteer lacks is known to, by its container: a town's surroundings,
    a district (or a district-sized region: "the Bajaur tribal area"), a division, a country."""
    return {"country": "country", "admin1": "admin1", "admin2": "admin2", "region": "admin2"}.get(container.kind, "near_place")


def _fits(inner: Place, outer: Place) -> bool:
    """Whether a place lies in (or, for two towns, near) another."""
    if inner.country_code != outer.country_code:
        return False
    if outer.kind == "country":
        return True
    if outer.kind == "admin1" or (outer.source == "governorates" and outer.kind == "admin1"):
        return inner.admin1 == outer.admin1
    if outer.kind == "admin2":
        if inner.admin2 is not None:
            return inner.admin2 == outer.admin2 or inner.admin2 == outer.name
        return inner.admin1 == outer.admin1 and km_apart(inner, outer) <= NEAR_QUALIFIER_KM
    if inner.kind in ("admin1", "country"):
        return False
    return inner.admin1 == outer.admin1 or km_apart(inner, outer) <= NEAR_QUALIFIER_KM
