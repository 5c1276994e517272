"""Write N synthetic strike reports from templates with varied phrasing, places, dates,
figures and sources, so that benchmarks never need real data.

    python bench/generate.py --n 10000 --out /tmp/corpus-10k
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

PLACES = [("Raqqa", "Raqqa"), ("Maarat al-Numan", "Idlib"), ("Saraqib", "Idlib"), ("Douma", "Rif Dimashq"),
          ("Al Bab", "Aleppo"), ("Manbij", "Aleppo"), ("Deir ez-Zor", "Deir ez-Zor"), ("Mayadin", "Deir ez-Zor"),
          ("Palmyra", "Homs"), ("Talbiseh", "Homs"), ("Morek", "Hama"), ("Daraa", "Daraa"), ("Jisr al-Shughur", "Idlib"),
          ("Qamishli", "Hasakah"), ("Azaz", "Aleppo"), ("Khan Sheikhoun", "Idlib"), ("Eastern Ghouta", "Rif Dimashq")]
ATTACKS = [
    ("Russian jets", "air strikes", "struck"), ("Syrian government warplanes", "air raids", "bombed"),
    ("US-led coalition aircraft", "air strikes", "hit"), ("Turkish artillery", "shelling", "shelled"),
    ("government helicopters", "barrel bombs", "dropped barrel bombs on"), ("rebel fighters", "rocket fire", "fired rockets at"),
]
SOURCES = ["the Syrian Observatory for Human Rights said", "activists said", "state media reported",
           "rescue workers said", "a monitoring group said", "medical sources said"]
VICTIMS = ["civilians", "people", "children", "fighters", "soldiers"]
QUALIFIERS = ["at least ", "", "more than ", "nearly ", ""]
WORDS = ["three", "five", "six", "seven", "nine", "eleven", "twelve", "fifteen", "twenty"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OUTLETS = ["Levant Wire", "Orontes Daily", "Euphrates Post", "Gulf Courier"]
FILLER = [
    "The area has seen heavy fighting in recent weeks as government forces try to retake territory.",
    "Residents said many families had fled towards the Turkish border.",
    "Aid groups warned that hospitals in the region were running short of supplies.",
    "The government says it targets only militants and denies hitting civilians.",
    "Talks on a ceasefire have made little progress.",
    "Local councils said several schools were closed after the attack.",
    "A spokesman for the opposition coalition called on the United Nations Security Council to act.",
    "The defence ministry in Moscow said its aircraft had struck only terrorist positions.",
    "Humanitarian agencies estimate that hundreds of thousands of people have been displaced in the province since the spring.",
    "Footage posted online appeared to show rescuers pulling people from the rubble of a collapsed building.",
    "The United Nations envoy said he was deeply concerned by the escalation and urged all sides to protect civilians.",
    "Fuel and bread prices in the area have more than doubled, according to traders.",
    "Rebel commanders said they had repelled an attempt by pro-government militias to advance on nearby villages.",
    "The monitor relies on a network of sources on the ground and its figures could not be independently verified.",
    "Electricity and water supplies were cut in several neighbourhoods, residents said.",
    "The conflict began with protests against the government and has since drawn in regional and world powers.",
    "Turkish officials said they were preparing for a new wave of refugees at the border crossings.",
    "Doctors at a field hospital said they lacked anaesthetics and blood for transfusions.",
    "The World Health Organization said two medical facilities in the province had been put out of service this month.",
    "Witnesses described panic in the streets as people searched for relatives among the injured.",
]


def number(rnd: random.Random) -> str:
    return rnd.choice(WORDS) if rnd.random() < 0.3 else f"{rnd.randint(2, 1200):,}" if rnd.random() < 0.2 else str(rnd.randint(2, 90))


def article(rnd: random.Random, i: int) -> tuple[str, str]:
    place, gov = rnd.choice(PLACES)
    actor, weapon, verb = rnd.choice(ATTACKS)
    pub = dt.date(2014, 1, 1) + dt.timedelta(days=rnd.randint(0, 365 * 5))
    event = pub - dt.timedelta(days=rnd.randint(0, 3))
    day = WEEKDAYS[event.weekday()]
    killed, injured = number(rnd), number(rnd)
    q, victim, source = rnd.choice(QUALIFIERS), rnd.choice(VICTIMS), rnd.choice(SOURCES)
    outlet = rnd.choice(OUTLETS)
    title = rnd.choice([f"{weapon.capitalize()} kill {killed} in {place}", f"{killed.capitalize()} dead as {weapon} hit {place}",
                        f"{place}: {weapon} leave {killed} dead"])
    lead = rnd.choice([
        f"{actor.capitalize()} {verb} {place} in {gov} province on {day}, killing {q}{killed} {victim}, {source}.",
        f"{q.capitalize()}{killed} {victim} were killed on {day} when {actor} {verb} {place}, {source}.",
        f"{source.capitalize()} that {weapon} on {place} on {day} killed {q}{killed} {victim} and wounded {injured} others.",
    ])
    second = rnd.choice([
        f"Another {injured} people were wounded, according to local officials.",
        f"The toll was expected to rise because {injured} of the wounded were in critical condition.",
        "Witnesses said the strikes hit a market and a bakery in the town centre.",
    ])
    # real reports run to about 2,000 characters (FA-KES: 1,900; the seeds: 2,800)
    filler = [" ".join(rnd.sample(FILLER, k=rnd.randint(2, 3))) for _ in range(rnd.randint(5, 8))]
    date_line = rnd.choice([f"Published: {pub:%A | %B %d, %Y}", f"{pub:%d %b %Y}", f"By {outlet} - {pub:%b %d,%Y}"])
    text = "\n\n".join([title, date_line, lead, second, *filler, f"(Report {i} from the {outlet} desk.)"])
    return f"{outlet.lower().replace(' ', '-')}_{i:07d}.txt", text


def generate(n: int, out: Path, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = article(rnd, i)
        sub = out / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(generate(args.n, args.out, args.seed))
