"""The code lists dyad uses for actors (documented here, used by the actor stage and the KB).

``Entity.code`` is an ISO 3166-1 alpha-3 country code (``XKX`` for Kosovo; CAMEO's historical
states such as ``USR`` keep their CAMEO code) or one of :data:`ORGANIZATION_CODES`.
``Entity.sector`` is one of :data:`SECTORS` (CAMEO's primary roles, which PLOVER keeps).
Non-state armed groups and parties carry their home country and a sector (Hamas: ``PSE`` ``REB``;
the Taliban: ``AFG`` ``REB`` until 2021-08-14, ``AFG`` ``GOV`` after), so dyads stay dyads.
"""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "GOV": "government: heads of state and government, ministers, officials, the state as actor",
    "MIL": "military: armies, troops, defence forces and their commanders",
    "COP": "police and internal security forces",
    "SPY": "intelligence services",
    "JUD": "judiciary: courts, judges, prosecutors",
    "LEG": "legislature: parliaments, lawmakers",
    "PTY": "political parties, candidates, party leaders out of office",
    "OPP": "political opposition",
    "REB": "rebels, insurgents, militants, separatists and other non-state armed groups",
    "UAF": "unidentified armed forces (gunmen)",
    "ELI": "elites: former office-holders and other prominent people without an office",
    "MED": "media: newspapers, broadcasters, news agencies, journalists",
    "BUS": "business: companies, executives",
    "CVL": "civilians: protesters, activists, residents, students",
    "LAB": "labour: workers, trade unions",
    "REF": "refugees and migrants",
    "EDU": "education and research: analysts, experts, universities",
    "HLH": "health: doctors, hospitals",
    "REL": "religious actors: clerics",
    "HRI": "human-rights organisations",
    "ENV": "environmental organisations",
    "DEV": "development organisations",
    "AGR": "agriculture: farmers",
    "CRM": "criminals",
    "IGO": "intergovernmental organisations and their officials",
    "NGO": "non-governmental organisations",
}

ORGANIZATION_CODES: dict[str, str] = {
    "UNO": "United Nations (and its secretariat, Security Council, General Assembly)",
    "UNHCR": "UN refugee agency", "UNICEF": "UN children's fund", "UNRWA": "UN agency for Palestine refugees",
    "WFP": "World Food Programme", "ILO": "International Labour Organization",
    "EUR": "European Union (Commission, Council, Parliament, ECB)",
    "NATO": "North Atlantic Treaty Organization", "AFU": "African Union", "OAU": "Organisation of African Unity",
    "ASEAN": "Association of Southeast Asian Nations", "IAEA": "International Atomic Energy Agency",
    "WHO": "World Health Organization", "ICRC": "International Committee of the Red Cross",
    "IMF": "International Monetary Fund", "WBK": "World Bank", "WTO": "World Trade Organization",
    "ICC": "International Criminal Court", "ICJ": "International Court of Justice",
    "ARL": "Arab League", "OAS": "Organization of American States", "OPEC": "OPEC",
    "GCC": "Gulf Cooperation Council", "OSCE": "OSCE", "G7": "Group of Seven", "G8": "Group of Eight (G7 with Russia, 1997-2014)",
    "G20": "Group of 20",
    "BRICS": "BRICS", "SCO": "Shanghai Cooperation Organisation", "ECOWAS": "ECOWAS",
    "AMN": "Amnesty International", "HRW": "Human Rights Watch", "MSF": "Doctors Without Borders",
    "ISIS": "Islamic State (transnational armed group)", "ALQ": "al-Qaeda (transnational armed group)",
}

# Roles of the people the KB knows; "head of state" and "head of government" count as leaders.
LEADER_ROLES = frozenset({"head of state", "head of government", "nominal head of state"})

# PLOVER's country field has no codes of its own for organisations other than the UN and the EU:
# "IGO" (intergovernmental), "NGO", "IMG" (transnational militarised group). dyad keeps the
# specific organisation (so that "NATO said" and "the G7 said" stay two actors and two dyads);
# :func:`plover_code` gives the PLOVER value for exports and for gold sets written in PLOVER's.
PLOVER_OWN_CODES = frozenset({"UNO", "EUR"})
# UN agencies (Phoenix codes them IGOUNO...): the UN in PLOVER's field
UN_FAMILY = frozenset({"UNHCR", "UNICEF", "UNRWA", "WFP", "ILO", "IAEA", "WHO"})
NGO_CODES = frozenset({"ICRC", "AMN", "HRW", "MSF"})
ARMED_GROUP_CODES = frozenset({"ISIS", "ALQ"})


def plover_code(code: str | None) -> str | None:
    """PLOVER's country-field value of a dyad code: countries, ``UNO`` and ``EUR`` unchanged;
    UN agencies ``UNO``; other organisations their PLOVER class (``G7`` -> ``IGO``, ``HRW`` ->
    ``NGO``, ``ISIS`` -> ``IMG``)."""
    if code is None or code in PLOVER_OWN_CODES or code not in ORGANIZATION_CODES:
        return code
    if code in UN_FAMILY:
        return "UNO"
    if code in NGO_CODES:
        return "NGO"
    if code in ARMED_GROUP_CODES:
        return "IMG"
    return "IGO"
