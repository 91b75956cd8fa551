"""Entity-type schemas: attribute definitions, the default `user` type and its JSON form.

A schema is a tree of `AttrDef`s. Objects and plurals have children; every other type is a
primitive. The system attributes (`id`, `uuid`, `created`, `lastUpdated`) are reserved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

PRIMITIVE_TYPES = frozenset(
    {
        "boolean",
        "date",
        "dateTime",
        "decimal",
        "id",
        "integer",
        "ipAddress",
        "json",
        "password",
        "string",
        "uuid",
    }
)
RESERVED = ("id", "uuid", "created", "lastUpdated")
QUERY = ("query",)


@dataclass(frozen=True)
class AttrDef:
    name: str
    type: str
    length: int | None = None
    case_sensitive: bool = True
    constraints: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    description: str = ""
    children: tuple[AttrDef, ...] = ()

    @property
    def is_object(self) -> bool:
        return self.type == "object"

    @property
    def is_plural(self) -> bool:
        return self.type == "plural"

    @property
    def is_primitive(self) -> bool:
        return self.type in PRIMITIVE_TYPES

    def child(self, name: str) -> AttrDef | None:
        for child in self.children:
            if child.name == name:
                return child
        return None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.type == "string":
            body["length"] = self.length
            body["case-sensitive"] = self.case_sensitive
        if self.constraints:
            body["constraints"] = list(self.constraints)
        if self.features:
            body["features"] = list(self.features)
        if self.description:
            body["description"] = self.description
        if self.children:
            body["attr_defs"] = [child.to_json() for child in self.children]
        return body


@dataclass(frozen=True)
class EntityType:
    name: str
    attrs: tuple[AttrDef, ...]

    def attr(self, name: str) -> AttrDef | None:
        for attr in self.attrs:
            if attr.name == name:
                return attr
        return None

    @cached_property
    def password_names(self) -> tuple[str, ...]:
        """Top-level password attributes (rendered as null)."""
        return tuple(a.name for a in self.attrs if a.type == "password")

    @cached_property
    def has_nested_password(self) -> bool:
        """Whether a password hides inside an object or plural (then rendering walks)."""
        nested = (child for a in self.attrs for child in _walk(a.children))
        return any(child.type == "password" for child in nested)

    def writable(self) -> tuple[AttrDef, ...]:
        return tuple(a for a in self.attrs if a.name not in RESERVED)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "attr_defs": [a.to_json() for a in self.attrs]}

    def resolve_dotted(self, path: str) -> list[AttrDef] | None:
        """The chain of definitions for a read-side dot path (`primaryAddress.city`)."""
        chain: list[AttrDef] = []
        children = self.attrs
        for part in path.split("."):
            found = next((a for a in children if a.name == part), None)
            if found is None:
                return None
            chain.append(found)
            children = found.children
        return chain

    def indexed_columns(self) -> Iterator[tuple[str, AttrDef]]:
        """Dot paths of the primitives outside plurals, which get their own SQL column (an
        index too when the attribute is unique or has the `query` feature)."""
        for attr in self.writable():
            if _has_column(attr):
                yield attr.name, attr
            elif attr.is_object:
                for child in attr.children:
                    if _has_column(child):
                        yield f"{attr.name}.{child.name}", child


def _has_column(attr: AttrDef) -> bool:
    """Passwords are never compared, and json values (objects, arrays) are no SQL values."""
    return attr.is_primitive and attr.type not in ("password", "json")


def _walk(attrs: tuple[AttrDef, ...]) -> Iterator[AttrDef]:
    for attr in attrs:
        yield attr
        yield from _walk(attr.children)


def _s(name: str, length: int | None = 1000, **kw: Any) -> AttrDef:
    return AttrDef(name, "string", length=length, case_sensitive=kw.pop("cs", False), **kw)


def _q(name: str, length: int | None = 1000, **kw: Any) -> AttrDef:
    """A string attribute with the `query` feature: it gets an index."""
    return _s(name, length, features=QUERY, **kw)


def _plural(name: str, *children: AttrDef) -> AttrDef:
    return AttrDef(name, "plural", children=(AttrDef("id", "id"), *children))


SYSTEM_ATTRS = (
    AttrDef("id", "id", description="simple identifier for this entity"),
    AttrDef("uuid", "uuid", description="globally unique identifier for this entity"),
    AttrDef("created", "dateTime", description="when this entity was created"),
    AttrDef("lastUpdated", "dateTime", description="when this entity was last updated"),
)

USER_TYPE = EntityType(
    "user",
    (
        *SYSTEM_ATTRS,
        _s(
            "email",
            256,
            constraints=("unique", "email-address"),
            features=("query",),
            description="Email address",
        ),
        _q("givenName", 1000, description="Given name"),
        _s("middleName", 1000, description="Middle name"),
        _q("familyName", 1000, description="Family name"),
        _q("displayName", 255, description="Display name"),
        _s("aboutMe", 1000, description="About me"),
        _s("currentLocation", 1000, description="Current location"),
        _s("display", 1000, description="Display preference"),
        AttrDef("birthday", "date", features=QUERY, description="Birthday"),
        _q("gender", 100, description="Gender"),
        AttrDef("password", "password", description="Password (never returned)"),
        AttrDef(
            "emailVerified", "dateTime", features=QUERY, description="When the email was verified"
        ),
        AttrDef("lastLogin", "dateTime", features=QUERY, description="Last sign-in"),
        AttrDef("deactivateAccount", "dateTime", description="When the account was deactivated"),
        AttrDef("loginCount", "integer", features=QUERY, description="Number of sign-ins"),
        AttrDef(
            "primaryAddress",
            "object",
            children=(
                _s("address1"),
                _s("address2"),
                _q("city", 100),
                _s("stateAbbreviation", 10),
                _q("zip", 20, constraints=("alphanumeric",)),
                _s("zipPlus4", 20),
                _q("country", 100),
                _s("phone", 40),
                _s("mobile", 40),
                _s("company", 256),
            ),
        ),
        _plural(
            "statuses",
            _s("status", 100, constraints=("required",)),
            AttrDef("statusCreated", "dateTime"),
        ),
        _plural(
            "profiles",
            _s("domain", 256),
            _s("identifier", 1000, cs=True, constraints=("required", "locally-unique")),
            _s("preferredUsername", 256),
            AttrDef("profile", "json"),
        ),
        _plural("photos", _s("type", 100), _s("value", 2000, cs=True)),
        # The sites a user signed in to (public scripts filter on `clients is not null`).
        _plural(
            "clients",
            _s("clientId", 256, cs=True),
            _s("name", 1000),
            AttrDef("firstLogin", "dateTime"),
            AttrDef("lastLogin", "dateTime"),
        ),
    ),
)

# A second demo type, with the attributes of techdocs' entityType.create example ("Additional
# Entity and Entity Type API examples"), so type selectors and flows have more than `user`.
CONSENT_TYPE = EntityType(
    "consent",
    (
        *SYSTEM_ATTRS,
        _s(
            "consent",
            200,
            constraints=("unique", "required"),
            features=QUERY,
            description="The name of the consent in the user entity.",
        ),
        _s("consentDescription", 1000, description="A short description of the consent."),
        AttrDef(
            "consentAttributes",
            "plural",
            description="Attributes associated with the consent.",
            children=(
                AttrDef("id", "id"),
                _s(
                    "consentName",
                    200,
                    constraints=("locally-unique", "required"),
                    description="An attribute name from the user entity.",
                ),
            ),
        ),
    ),
)

DEFAULT_TYPES: dict[str, EntityType] = {USER_TYPE.name: USER_TYPE, CONSENT_TYPE.name: CONSENT_TYPE}
