"""The starter inventory ``frtaudit init`` writes: commented, valid, one example per common kind.

Every value an agency must check is either an obvious placeholder or ``"unknown"``; unknown is
never treated as false, so a scan of the untouched starter reports what is still to be filled.
A test loads it through the inventory validator.
"""

from __future__ import annotations

STARTER = """\
# frtaudit inventory: one [agency] and one [[systems]] table per system.
# Fill in every value, replace "unknown" wherever you know the answer, delete the examples that
# do not apply, then run:   frtaudit validate inventory.toml
#                           frtaudit scan inventory.toml --profile nhrck,kr-pipa
# 'frtaudit schema' prints every field with its meaning; unknown is never treated as false.
# In free text, "unknown", "n/a", "tbd", "-" or an empty string count as not written (the same
# as leaving the field out); "none" is a fact. Private operators and auditors outside Korea:
#                           frtaudit scan inventory.toml --profile coe,nhrck
# Already publish your CCTV as open data? 'frtaudit import kr-cctv FILE.csv' builds the list.
schema_version = "1"

[agency]
id = "my-agency"                  # short stable id: letters, digits, . _ -
name = "My City Office"
name_local = "OO시청"
country = "KR"                    # ISO code: KR, DE, US ...
# subdivision = "US-WA"           # only where it matters (Washington State)
kind = "local_government"         # central_government, local_government, public_institution,
                                  # law_enforcement, school, private_company, private_retail,
                                  # private_leisure, private_employer, ...
is_public_body = true             # a State body: public institution under PIPA Art. 2(6)
is_law_enforcement = false
privacy_officer = "Privacy officer, phone or e-mail"
# privacy_policy_url = "https://example.go.kr/privacy"
# video_policy_url = "https://example.go.kr/cctv-policy"   # PIPA Art. 25(7) policy
kr_frt_statute = false            # Korea has no FRT-specific statute yet: leave false
# breach_plan_ref = "breach-plan"  # any document may be cited by id instead of a URL:

# Documents known by title, date and publisher, with or without a URL (cite them by id in the
# *_ref fields: privacy_policy_ref, necessity.justification_ref, assessments[].report_ref ...):
# [[agency.documents]]
# id = "breach-plan"
# title = "Personal data breach response plan"
# date = 2025-01-10
# publisher = "My City Office"
# kind = "policy"                 # law, policy, assessment, report, decision, notice, contract

# Bodies that oversee the agency by law or appointment (DPA, commissioner, ethics board ...):
# [[agency.oversight_bodies]]
# name = "Personal Information Protection Commission"
# kind = "dpa"                    # dpa, biometrics_commissioner, surveillance_commissioner,
#                                 # ethics_board, inspectorate, court, legislature, ombudsman
# statutory = true

# -- 1. Street CCTV without face recognition --------------------------------------------------
[[systems]]
id = "street-cctv"
name = "Crime-prevention CCTV in residential streets"
status = "operational"            # planned, procurement, development, pilot, operational,
                                  # suspended, decommissioned
installed_on = 2020-03-01
operator = { name = "Safety Division" }
device = { kind = "fixed_cctv", count = 120, ptz = "unknown" }
location = { type = "public_space", context = ["street"], privacy_sensitive_area = false }
purpose = { primary = "crime_prevention", description = "Prevent crime in alleys." }
pipa = { art25_1_ground = 2 }     # PIPA Art. 25(1) ground: 2 = crime prevention/investigation
retention = { footage_days = 30, auto_delete = "unknown" }
notice = { signage = "unknown" }  # signs with purpose, place, range, hours, contact
sharing = []                      # list every recipient of footage; [] means no sharing

[systems.capabilities]            # what the system CAN do as deployed, not only what is used
recording = true
audio_recording = false
live_monitoring = "unknown"
face_detection = false
face_verification = false
face_identification = false
face_tracking = false
emotion_recognition = false
sensitive_attribute_inference = false
attribute_analysis = []
processing_mode = "none"          # no face matching at all
capture_mode = "none"

# -- 2. Access gate with 1:1 face verification ------------------------------------------------
# 1:1 verification at a gate is not remote identification, but face templates are sensitive
# data: separate consent and a non-biometric alternative are expected.
[[systems]]
id = "office-gate-verify"
name = "Staff entrance gates with face verification"
status = "operational"
operator = { name = "General Affairs Division" }
device = { kind = "access_gate", count = 4 }
location = { type = "restricted", environment = "controlled", context = ["government_building"] }
population = { scanned_scope = "enrolled_only" }  # all_entrants, all_passers_by, enrolled_only,
                                  # targeted_individuals
purpose = { primary = "access_control" }
templates = { encrypted_at_rest = "unknown", stored_separately = "unknown" }
# Supplementary only if another way in stays open to everyone, whatever the basis:
necessity = { supplementary_only = "unknown", non_biometric_alternative = "unknown" }
notice = { signage = "unknown" }  # signage_posted_on = 2026-01-10: the day signs went up

[systems.consent]
model = "opt_in_separate"         # separate written consent for the face template; also opt_in,
                                  # opt_in_explicit, opt_in_written, statutory, none ...
separate_for_sensitive = "unknown"
alternative_offered = "unknown"   # a card or PIN for people who do not consent
alternative_kind = ["card_badge"] # password, pin, card_badge, staffed_desk, ticket, other
detriment_if_refused = "unknown"  # does refusing cost the person anything?
withdrawal = "unknown"
# record_ref = "where the signed consents are kept"

[systems.retention]
templates_days = 0
basis = "Templates are deleted when a person leaves; state your rule."
auto_delete = "unknown"
# Per kind of data: period = days, immediate, until_purpose_met (with review_on), indefinite,
# or undeclared (the operator has not said); footage, probe_images, templates, match_records,
# non_match, gallery_entries, raw_enrolment_images, logs:
probe_images = { period = "immediate" }
raw_enrolment_images = { period = "undeclared" }
logs = { period = "days", days = 365 }

[systems.capabilities]
recording = false
audio_recording = false
face_detection = true
face_verification = true          # 1:1 against the person's own enrolled template
face_identification = false
face_tracking = false
emotion_recognition = false
sensitive_attribute_inference = false
attribute_analysis = []
processing_mode = "real_time"
capture_mode = "cooperative"      # the person presents their face
decision_type = "final_automated"

# -- 3. Post-event face search on recorded footage --------------------------------------------
# Searching recorded CCTV for a person is 1:N identification: it needs a specific legal basis,
# a human-rights impact assessment and human review of every match.
[[systems]]
id = "footage-face-search"
name = "Face search in recorded CCTV footage"
status = "pilot"
operator = { name = "Integrated CCTV Control Centre", kind = "in_house" }
device = { kind = "software_only", count = 1 }
location = { type = "public_space", context = ["street"] }
purpose = { primary = "missing_persons", description = "Find missing people." }
gallery.exists = true
gallery.kind = "reference_db"     # watchlist, persons_of_interest, enrolled_users, reference_db
gallery.source = ["other"]        # family photos
gallery.untargeted_scraping = false
# images taken from the internet: location.type = "online", gallery.source = ["social_media"]
# and a recorded basis per source:
# gallery.source_basis = [{ source = "social_media", legal_basis_ref = "..." }]
oversight.human_review_required = "unknown"
oversight.human_review_before_action = "unknown"  # a person reviews each match before action
oversight.review_scope = "all_matches"
oversight.match_not_sole_basis = "unknown"
retention.footage_days = 30
retention.match_logs_days = 365
retention.auto_delete = "unknown"
retention.match_records = { period = "days", days = 365 }
necessity.justification_ref = "my-necessity-note"  # or justification_url
necessity.alternatives_considered = ["manual review of footage"]
necessity.effectiveness_evidence_ref = "unknown"    # free text "unknown" = not written
necessity.scale_rationale = "searches only for reported missing people"
data_subject_rights.contest_url = "https://example.go.kr/frt/contest"
data_subject_rights.response_days = 30

[[systems.legal_basis]]
law = "Name of the statute, decree or ordinance"
article = "Article that covers face recognition for this purpose"
kind = "ordinance"                # statute, decree, ordinance, regulation, statutory_code,
                                  # common_law (e.g. police common-law powers) ... consent,
                                  # contract, legitimate_interest or an internal rule is not a
                                  # law; exception_claimed = a statutory exception you rely on
covers = ["use_purpose", "retention", "safeguards"]  # what the law or binding published policy
                                  # settles: accuracy_minimum, watchlist_criteria,
                                  # deployment_locations, audit_traceability ...
frt_specific = "unknown"
purposes = ["missing_persons"]    # purposes the provision allows face recognition for
# delegated_by = "Act and article that delegate this to the decree or ordinance"

[[systems.assessments]]
kind = "hria"                     # human-rights impact assessment (NHRCK)
completed_on = 2026-01-15         # replace with the real date, or delete the table if none
# assessor = "Name of the assessing body"
# assessor_relation = ["assessment_contractor"]  # ties to the system: agency_unit, operator,
                                  # vendor, supervising_body, funder, assessment_contractor, none
# report_ref = "hria-2026"        # the report as a document of agency.documents
# Other kinds: pia (generic privacy impact assessment), dpia, eqia (equality impact
# assessment), proportionality_assessment, gdpr_dpia, kr_pia, eu_fria ...

# When you only know whether an assessment exists (or do not know), say so; leaving every
# assessment out means none exists:
[[systems.assessment_status]]
kind = "kr_pia"
exists = "unknown"                # yes (with document_ref), no, unknown

# Log every change; a change adding recognition is substantial whatever you mark:
# [[systems.changes]]
# date = 2026-03-01
# kind = "capability"
# substantial = true
# capabilities_added = ["face_tracking"]

[systems.capabilities]
recording = true
audio_recording = false
face_detection = true
face_verification = false
face_identification = true        # 1:N search against a gallery
face_tracking = "unknown"
emotion_recognition = false
sensitive_attribute_inference = false
attribute_analysis = []
processing_mode = "post"          # on recorded footage
capture_mode = "remote"
decision_type = "support"

# -- 4. Real-time watchlist alerts (planned) --------------------------------------------------
# WARNING: the NHRCK recommendation of 12 Jan 2023 asks that real-time remote face recognition
# in public places by State bodies NOT be introduced until a law expressly allows and limits it
# (a moratorium); in the EU it is prohibited for law enforcement save narrow exceptions (AI Act
# Art. 5(1)(h)). Record a plan here only to have it audited before any procurement.
[[systems]]
id = "station-watchlist"
name = "Real-time watchlist alerts at the station square"
status = "planned"
device = { kind = "network_camera", count = 12 }   # a tripod or van kit: kind = "deployable_kit"
location = { type = "public_space", environment = "uncontrolled", context = ["transport_hub"] }
population = { scanned_scope = "all_passers_by" }
purpose = { primary = "watchlist_alerting", assembly_monitoring = "unknown" }
gallery.exists = true
gallery.kind = "watchlist"
gallery.size = 500
gallery.entry_reason_recorded = "unknown"  # each entry records why the person is listed
gallery.entry_expiry_days = 90
retention = { non_match = { period = "immediate", auto_delete = true }, non_match_reuse = false }
notice = { covert = false }       # true: people are deliberately not told
# An exception to the ban needs a statute that states grounds, scope and procedure:
# exceptions = [{ rule = "NHRCK-BAN-001", granted_by = "National Assembly",
#   authority_kind = "statute", instrument = "Act and article", justification = "why",
#   grounds = "permitted ground", scope = "sites, period, targets", procedure = "who
#   authorises each use and how", granted_on = 2026-01-01, expires_on = 2026-12-31 }]

[systems.capabilities]
recording = true
audio_recording = false
live_monitoring = true
face_detection = true
face_verification = false
face_identification = true
face_tracking = "unknown"
emotion_recognition = false
sensitive_attribute_inference = false
attribute_analysis = []
processing_mode = "real_time"
capture_mode = "remote"
decision_type = "support"
"""


def starter_systems() -> int:
    """Number of example systems in the starter."""
    return STARTER.count("\n[[systems]]\n")
