"""Sealing names the issuer as the seal certificate does, and leaves the credential it was given as it was."""

from __future__ import annotations

import copy
import json

from microcred_desktop.formats.edc.seal import seal_edc
from tests.verify.conftest import SIGNED_AT, Kit


def test_sealing_leaves_the_credential_it_was_given_unchanged(kit: Kit) -> None:
    edc = json.loads(kit.files["a"].contents["edc_unsigned"])["credential"]
    edc["issuer"]["legalName"] = {lang: "A name the certificate does not have" for lang in edc["issuer"]["legalName"]}
    before = copy.deepcopy(edc)
    sealed = seal_edc(edc, kit.seal, SIGNED_AT)
    assert edc == before
    payload = json.loads(sealed["payload"])
    assert "A name the certificate does not have" not in set(payload["issuer"]["legalName"].values())
    assert payload["credentialSubject"] == edc["credentialSubject"]
    assert {k: v for k, v in payload.items() if k != "issuer"} == {k: v for k, v in edc.items() if k != "issuer"}
