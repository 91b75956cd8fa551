"""Strings with a fixed format (IP address, uuid) are checked like Capture checks them."""

from __future__ import annotations

import pytest

from capture_desktop.sandbox.errors import ApiFault
from capture_desktop.sandbox.schema import AttrDef
from capture_desktop.sandbox.validation import check_primitive


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("ipAddress", "192.0.2.7"),
        ("ipAddress", "2001:db8::1"),
        ("uuid", "0b5e0d3c-4b0e-4a52-9f3e-3f3c2c1d9a10"),
    ],
)
def test_a_well_formed_value_is_stored_as_sent(kind: str, value: str) -> None:
    assert check_primitive(AttrDef("a", kind), value, "a", 0.0) == value


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("ipAddress", "192.0.2.300", "attribute lastIp is not an IP address"),
        ("ipAddress", "localhost", "attribute lastIp is not an IP address"),
        ("uuid", "not-a-uuid", "attribute lastIp is not a uuid"),
    ],
)
def test_a_malformed_value_is_refused_as_invalid_data(kind: str, value: str, message: str) -> None:
    with pytest.raises(ApiFault) as caught:
        check_primitive(AttrDef("lastIp", kind), value, "lastIp", 0.0)
    assert caught.value.code == 340
    assert message in str(caught.value)
