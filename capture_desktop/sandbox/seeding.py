"""Seeding: the demo set of a fresh data folder (known users, one client per feature,
clients.json) and `--seed N` realistic, deterministic users loaded in one transaction."""

from __future__ import annotations

import logging
import random
import uuid as uuid_mod
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from capture_desktop.sandbox.clients import (
    CLIENTS_FILE,
    ClientRegistry,
    demo_clients,
    write_clients_file,
)
from capture_desktop.sandbox.entities import Entities
from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.records import blank_record
from capture_desktop.sandbox.schema import USER_TYPE, AttrDef, EntityType
from capture_desktop.sandbox.storage import NewRow, Storage
from capture_desktop.sandbox.timefmt import format_datetime
from capture_desktop.sandbox.validation import hash_password

# (email, password, given name, family name, verified) -- listed in the README.
DEMO_USERS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("alice@example.com", "Password1!", "Alice", "Anderson", True),
    ("bob@example.com", "Password2!", "Bob", "Brown", True),
    ("carol@example.com", "Password3!", "Carol", "Clark", True),
    ("dave@example.com", "Password4!", "Dave", "Davis", False),
)
SEEDED_PASSWORD = "Sandbox1!"  # noqa: S105 - the documented demo password
_SEED = 20_160_313
log = logging.getLogger("capture_desktop.sandbox")

_GIVEN = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Maria",
    "Wei",
    "Yuki",
    "Ahmed",
    "Fatima",
    "Lars",
    "Ingrid",
    "Pierre",
    "Amelie",
    "Giulia",
    "Marco",
    "Olga",
    "Ivan",
    "Aisha",
    "Kwame",
    "Priya",
    "Arjun",
    "Sofia",
    "Mateo",
    "Chloe",
    "Noah",
]
_FAMILY = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
]
_CITIES = (
    ("Portland", "OR", "United States"),
    ("Austin", "TX", "United States"),
    ("Denver", "CO", "United States"),
    ("Boston", "MA", "United States"),
    ("Toronto", "ON", "Canada"),
    ("London", None, "United Kingdom"),
    ("Berlin", None, "Germany"),
    ("Lyon", None, "France"),
    ("Sydney", "NSW", "Australia"),
    ("Osaka", None, "Japan"),
)
_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com")
_STATUSES = ("active", "subscribed", "vip", "suspended", "newsletter")
_GENDERS = ("female", "male", "other", None)
_PROVIDERS = ("google.com", "facebook.com", "twitter.com", "apple.com")


DEMO_CONSENTS = (
    {
        "consent": "marketingEmail",
        "consentDescription": "Newsletters and offers by email.",
        "consentAttributes": [{"consentName": "email"}, {"consentName": "givenName"}],
    },
    {
        "consent": "profiling",
        "consentDescription": "Personalised recommendations.",
        "consentAttributes": [{"consentName": "birthday"}],
    },
)


def fit(attrs: tuple[AttrDef, ...], values: dict[str, Any]) -> dict[str, Any]:
    """Keep only the values an (imported) schema has room for, so the demo set seeds into
    any application's `user` type."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        attr = next((a for a in attrs if a.name == name), None)
        if attr is None:
            continue
        if attr.is_object and isinstance(value, dict):
            out[name] = fit(attr.children, value)
        elif attr.is_plural and isinstance(value, list):
            out[name] = [fit(attr.children, v) for v in value if isinstance(v, dict)]
        else:
            out[name] = value
    return out


def _create_demo(entities: Entities, etype: EntityType, values: dict[str, Any]) -> None:
    try:
        entities.create(etype, fit(etype.attrs, values))
    except ApiFault as fault:  # an imported schema may require what the demo set lacks
        log.warning("demo %s record not seeded: %s", etype.name, fault)


def seed_demo(storage: Storage, clients: ClientRegistry, entities: Entities) -> None:
    """A fresh data folder: demo users, demo consents and clients, once."""
    if storage.meta("demo_seeded") is None:
        now = datetime.fromtimestamp(entities.clock(), UTC)
        users = storage.types.get("user")
        for index, (email, password, given, family, verified) in enumerate(DEMO_USERS):
            if users is None:
                break
            city, state, country = _CITIES[index]
            _create_demo(
                entities,
                users,
                {
                    "email": email,
                    "password": password,
                    "givenName": given,
                    "familyName": family,
                    "displayName": f"{given} {family}",
                    "birthday": f"{1980 + index}-0{index + 1}-1{index}",
                    "gender": "female" if index % 2 == 0 else "male",
                    "emailVerified": format_datetime(now) if verified else None,
                    "primaryAddress": {
                        "city": city,
                        "stateAbbreviation": state,
                        "country": country,
                    },
                    "statuses": [{"status": "active", "statusCreated": format_datetime(now)}],
                    "profiles": [
                        {
                            "domain": "google.com",
                            "identifier": f"https://google.com/profile/{given.lower()}",
                        }
                    ],
                },
            )
        consents = storage.types.get("consent")
        if consents is not None:
            for values in DEMO_CONSENTS:
                _create_demo(entities, consents, values)
        if not clients.all():  # a database set aside for a new layout hands its clients over
            for client in demo_clients():
                clients.add(client)
        storage.set_meta("demo_seeded", "1")


def ensure_clients_file(data_dir: Path, clients: ClientRegistry) -> None:
    if not (data_dir / CLIENTS_FILE).exists():
        write_clients_file(data_dir, clients.all())


def seed_users(storage: Storage, count: int, *, type_name: str = "user") -> int:
    """Bring the number of generated users up to `count` (deterministic: the same `count`
    always yields the same people). Returns how many were added."""
    done = int(storage.meta("seeded_users") or 0)
    if count <= done:
        return 0
    etype = storage.types[type_name]
    password = hash_password(SEEDED_PASSWORD, salt=b"capture-sandbox!")
    template = blank_record(etype)
    rng = random.Random(_SEED)
    rows: list[NewRow] = []
    with storage.transaction():
        next_id = storage.reserve_ids(type_name, 0)
        start = date(2018, 1, 1)
        days = [(start + timedelta(days=n)).isoformat() for n in range(9 * 366)]
        for index in range(count):
            person = _person(rng, index, days, template, password)
            if index < done:
                continue
            record_id = next_id
            next_id += 1
            created = person.pop("_created")
            updated = person.pop("_updated")
            person_uuid = person.pop("_uuid")
            if etype != USER_TYPE:  # an imported `user`: keep what it has room for
                person = {**template, **fit(etype.attrs, person)}
            for plural in ("statuses", "profiles"):
                for element in person.get(plural) or ():
                    element["id"] = next_id
                    next_id += 1
            rows.append((record_id, person_uuid, created, updated, person))
        if len(rows) > 5_000:
            with storage.bulk_load(type_name):
                storage.insert_many(type_name, rows)
        else:
            storage.insert_many(type_name, rows)
        storage.conn.execute(
            "UPDATE counters SET next_id = ? WHERE type_name = ?", (next_id, type_name)
        )
        storage.set_meta("seeded_users", str(count))
    return len(rows)


def _stamp(days: list[str], seconds: int, micros: int = -1) -> str:
    """Capture's timestamp text without strftime (the seeding hot path)."""
    day, rest = divmod(seconds, 86_400)
    hour, rest = divmod(rest, 3_600)
    minute, second = divmod(rest, 60)
    fraction = f".{micros:06d}" if micros >= 0 else ""
    return f"{days[day]} {hour:02d}:{minute:02d}:{second:02d}{fraction} +0000"


def _person(
    rng: random.Random, index: int, days: list[str], template: dict[str, Any], password: str
) -> dict[str, Any]:
    rand = rng.random

    def pick(options: Sequence[Any]) -> Any:
        return options[int(rand() * len(options))]

    def between(low: int, high: int) -> int:
        return low + int(rand() * (high - low))

    given, family = pick(_GIVEN), pick(_FAMILY)
    city, state, country = pick(_CITIES)
    created = between(0, (len(days) - 100) * 86_400)
    updated = created + between(0, 90 * 86_400)
    micros = index % 1_000_000
    verified = rand() < 0.8
    statuses = [
        {"id": 0, "status": pick(_STATUSES), "statusCreated": _stamp(days, created)}
        for _ in range(between(0, 3))
    ]
    profiles = []
    if rand() < 0.5:
        provider = pick(_PROVIDERS)
        profiles.append(
            {
                "id": 0,
                "domain": provider,
                "identifier": f"https://{provider}/u/{index}",
                "preferredUsername": f"{given.lower()}{index}",
                "profile": None,
            }
        )
    person = template.copy()
    person.update(
        email=f"{given}.{family}.{index}@{pick(_DOMAINS)}".lower(),
        givenName=given,
        familyName=family,
        displayName=f"{given} {family}",
        birthday=f"{between(1940, 2008)}-{between(1, 13):02d}-{between(1, 29):02d}",
        gender=pick(_GENDERS),
        password=password,
        emailVerified=_stamp(days, created) if verified else None,
        lastLogin=_stamp(days, updated),
        loginCount=between(0, 400),
        primaryAddress={
            **template["primaryAddress"],
            "address1": f"{between(1, 9999)} {pick(_FAMILY)} Street",
            "city": city,
            "stateAbbreviation": state,
            "zip": str(between(10000, 99999)),
            "country": country,
            "phone": f"555{between(1000000, 9999999)}",
        },
        statuses=statuses,
        profiles=profiles,
        _created=_stamp(days, created, micros),
        _updated=_stamp(days, updated, micros),
        _uuid=str(uuid_mod.UUID(int=rng.getrandbits(128), version=4)),
    )
    return person
