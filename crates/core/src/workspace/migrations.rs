//! The one migration path: an ordered list of SQL steps, tracked by `PRAGMA user_version`.
//! Append new steps; never edit a released one.

use rusqlite_migration::{Migrations, M};

/// `application_id` marks a file as a Steward workspace ("STWD").
pub const APPLICATION_ID: u32 = 0x5354_5744;

const V1: &str = r#"
PRAGMA application_id = 1398036292;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_record ON audit_log(record_kind, record_id, id);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE,
    email      TEXT COLLATE NOCASE UNIQUE,
    phone      TEXT NOT NULL DEFAULT '',
    job_title  TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX people_name ON people(name, id);

CREATE TABLE support_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    email       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_person ON group_members(person_id, group_id);

CREATE TABLE vendors (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    contact_name TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    website      TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    owner_id    INTEGER REFERENCES people(id),
    criticality TEXT NOT NULL CHECK (criticality IN ('critical', 'high', 'medium', 'low')),
    status      TEXT NOT NULL CHECK (status IN ('pipeline', 'live', 'retiring', 'retired')),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX services_criticality ON services(criticality, name, id);
CREATE INDEX services_status ON services(status, name, id);
CREATE INDEX services_updated ON services(updated_at, id);
CREATE INDEX services_owner ON services(owner_id);

CREATE TABLE cis (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE,
    ci_type     TEXT NOT NULL,
    environment TEXT NOT NULL,
    owner_id    INTEGER REFERENCES people(id),
    lifecycle   TEXT NOT NULL,
    attributes  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (name, environment)
) STRICT;
CREATE INDEX cis_name ON cis(name, id);
CREATE INDEX cis_type ON cis(ci_type, name, id);
CREATE INDEX cis_environment ON cis(environment, name, id);
CREATE INDEX cis_lifecycle ON cis(lifecycle, name, id);
CREATE INDEX cis_updated ON cis(updated_at, id);
CREATE INDEX cis_owner ON cis(owner_id);

-- Typed relations between any two records. Practices register the (from, type, to) triples
-- they allow in core::links; the table itself stays generic.
CREATE TABLE links (
    id         INTEGER PRIMARY KEY,
    from_kind  TEXT NOT NULL,
    from_id    INTEGER NOT NULL,
    link_type  TEXT NOT NULL,
    to_kind    TEXT NOT NULL,
    to_id      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (from_kind, from_id, link_type, to_kind, to_id)
) STRICT;
CREATE INDEX links_to ON links(to_kind, to_id, link_type, from_kind, from_id);

-- One full-text index for every record kind. The rowid encodes kind and id
-- (kind_code * 2^40 + id) so updates and deletes are a rowid lookup, not a scan.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (1 * 1099511627776 + new.id, new.name, new.description);
END;
CREATE TRIGGER services_fts_update AFTER UPDATE OF name, description ON services BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (1 * 1099511627776 + new.id, new.name, new.description);
END;
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 1099511627776 + old.id;
END;

CREATE TRIGGER cis_fts_insert AFTER INSERT ON cis BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (2 * 1099511627776 + new.id, new.name, new.ci_type || ' ' || new.environment || ' ' || new.attributes);
END;
CREATE TRIGGER cis_fts_update AFTER UPDATE OF name, ci_type, environment, attributes ON cis BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (2 * 1099511627776 + new.id, new.name, new.ci_type || ' ' || new.environment || ' ' || new.attributes);
END;
CREATE TRIGGER cis_fts_delete AFTER DELETE ON cis BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 1099511627776 + old.id;
END;

CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (3 * 1099511627776 + new.id, new.name, coalesce(new.email, '') || ' ' || new.job_title);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF name, email, job_title ON people BEGIN
    DELETE FROM search_index WHERE rowid = 3 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (3 * 1099511627776 + new.id, new.name, coalesce(new.email, '') || ' ' || new.job_title);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    DELETE FROM search_index WHERE rowid = 3 * 1099511627776 + old.id;
END;

CREATE TRIGGER groups_fts_insert AFTER INSERT ON support_groups BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (4 * 1099511627776 + new.id, new.name, new.description);
END;
CREATE TRIGGER groups_fts_update AFTER UPDATE OF name, description ON support_groups BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (4 * 1099511627776 + new.id, new.name, new.description);
END;
CREATE TRIGGER groups_fts_delete AFTER DELETE ON support_groups BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 1099511627776 + old.id;
END;

CREATE TRIGGER vendors_fts_insert AFTER INSERT ON vendors BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (5 * 1099511627776 + new.id, new.name, new.contact_name || ' ' || new.website);
END;
CREATE TRIGGER vendors_fts_update AFTER UPDATE OF name, contact_name, website ON vendors BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (5 * 1099511627776 + new.id, new.name, new.contact_name || ' ' || new.website);
END;
CREATE TRIGGER vendors_fts_delete AFTER DELETE ON vendors BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 1099511627776 + old.id;
END;
"#;

/// Incident management: incidents, their history (one row per changed field), the source
/// events they were built from (for idempotent imports), and notes.
const V2: &str = r#"
CREATE TABLE incidents (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    caller_id           INTEGER REFERENCES people(id),
    channel             TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT '',
    subcategory         TEXT NOT NULL DEFAULT '',
    service_id          INTEGER REFERENCES services(id),
    ci_id               INTEGER REFERENCES cis(id),
    impact              INTEGER CHECK (impact BETWEEN 1 AND 5),
    urgency             INTEGER CHECK (urgency BETWEEN 1 AND 5),
    priority            INTEGER CHECK (priority BETWEEN 1 AND 5),
    assignment_group_id INTEGER REFERENCES support_groups(id),
    assignee_id         INTEGER REFERENCES people(id),
    state               TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled')),
    source_state        TEXT,
    on_hold_reason      TEXT,
    resolution_code     TEXT NOT NULL DEFAULT '',
    resolution_notes    TEXT NOT NULL DEFAULT '',
    opened_at           TEXT NOT NULL,
    first_response_at   TEXT,
    resolved_at         TEXT,
    closed_at           TEXT,
    reassignment_count  INTEGER NOT NULL DEFAULT 0,
    reopen_count        INTEGER NOT NULL DEFAULT 0,
    major               INTEGER NOT NULL DEFAULT 0 CHECK (major IN (0, 1)),
    source              TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX incidents_opened ON incidents(opened_at, id);
CREATE INDEX incidents_state ON incidents(state, opened_at, id);
CREATE INDEX incidents_priority ON incidents(priority, opened_at, id);
CREATE INDEX incidents_group ON incidents(assignment_group_id, state, opened_at, id);
CREATE INDEX incidents_assignee ON incidents(assignee_id, state, opened_at, id);
CREATE INDEX incidents_service ON incidents(service_id, opened_at, id);
CREATE INDEX incidents_ci ON incidents(ci_id);
CREATE INDEX incidents_caller ON incidents(caller_id);

CREATE TABLE incident_history (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    field       TEXT NOT NULL,
    from_value  TEXT,
    to_value    TEXT,
    by          TEXT
) STRICT;
CREATE INDEX incident_history_incident ON incident_history(incident_id, id);

CREATE TABLE incident_events (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    event_key   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (incident_id, event_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE incident_notes (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    by          TEXT NOT NULL,
    visible_to_caller INTEGER NOT NULL CHECK (visible_to_caller IN (0, 1)),
    body        TEXT NOT NULL
) STRICT;
CREATE INDEX incident_notes_incident ON incident_notes(incident_id, id);

-- Counts by state and priority kept current by triggers, so statistics never scan the
-- incidents (priority 0 = none).
CREATE TABLE incident_counts (
    state    TEXT NOT NULL,
    priority INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (state, priority)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER incidents_count_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO incident_counts (state, priority, n) VALUES (new.state, coalesce(new.priority, 0), 1)
        ON CONFLICT (state, priority) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER incidents_count_update AFTER UPDATE OF state, priority ON incidents BEGIN
    UPDATE incident_counts SET n = n - 1 WHERE state = old.state AND priority = coalesce(old.priority, 0);
    INSERT INTO incident_counts (state, priority, n) VALUES (new.state, coalesce(new.priority, 0), 1)
        ON CONFLICT (state, priority) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER incidents_count_delete AFTER DELETE ON incidents BEGIN
    UPDATE incident_counts SET n = n - 1 WHERE state = old.state AND priority = coalesce(old.priority, 0);
END;

-- Knowledge articles: what the desk knows, linked to the incidents they helped with.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX articles_status ON articles(status, title, id);
CREATE INDEX articles_title ON articles(title, id);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (7 * 1099511627776 + new.id, new.number || ' ' || new.title, new.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF number, title, body ON articles BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (7 * 1099511627776 + new.id, new.number || ' ' || new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 1099511627776 + old.id;
END;

CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (6 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.resolution_notes);
END;
CREATE TRIGGER incidents_fts_update AFTER UPDATE OF number, title, description, resolution_notes ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = 6 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (6 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.resolution_notes);
END;
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = 6 * 1099511627776 + old.id;
END;
"#;

/// Service requests (catalogue items with fulfilment tasks), major-incident communications,
/// and the import history that lets an import be undone as a whole.
const V3: &str = r#"
CREATE TABLE catalogue_items (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description         TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT '',
    service_id          INTEGER REFERENCES services(id),
    fulfilment_group_id INTEGER REFERENCES support_groups(id),
    needs_approval      INTEGER NOT NULL DEFAULT 0 CHECK (needs_approval IN (0, 1)),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;

-- The fulfilment tasks every request for an item starts with, in order.
CREATE TABLE catalogue_tasks (
    item_id  INTEGER NOT NULL REFERENCES catalogue_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    group_id INTEGER REFERENCES support_groups(id),
    PRIMARY KEY (item_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE requests (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    item_id             INTEGER NOT NULL REFERENCES catalogue_items(id),
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    requested_for_id    INTEGER REFERENCES people(id),
    channel             TEXT NOT NULL DEFAULT '',
    service_id          INTEGER REFERENCES services(id),
    assignment_group_id INTEGER REFERENCES support_groups(id),
    assignee_id         INTEGER REFERENCES people(id),
    state               TEXT NOT NULL CHECK (state IN ('new', 'awaiting_approval', 'in_fulfilment', 'fulfilled', 'closed', 'rejected', 'cancelled')),
    approval_by         TEXT,
    approval_note       TEXT NOT NULL DEFAULT '',
    opened_at           TEXT NOT NULL,
    approved_at         TEXT,
    fulfilled_at        TEXT,
    closed_at           TEXT,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX requests_opened ON requests(opened_at, id);
CREATE INDEX requests_state ON requests(state, opened_at, id);
CREATE INDEX requests_group ON requests(assignment_group_id, state, opened_at, id);
CREATE INDEX requests_assignee ON requests(assignee_id, state, opened_at, id);
CREATE INDEX requests_item ON requests(item_id, opened_at, id);
CREATE INDEX requests_for ON requests(requested_for_id);
CREATE INDEX requests_service ON requests(service_id);

CREATE TABLE request_tasks (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    group_id    INTEGER REFERENCES support_groups(id),
    assignee_id INTEGER REFERENCES people(id),
    state       TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'done', 'skipped')),
    done_at     TEXT,
    UNIQUE (request_id, position)
) STRICT;
CREATE INDEX request_tasks_group ON request_tasks(group_id, state);

CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (8 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER requests_fts_update AFTER UPDATE OF number, title, description ON requests BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (8 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 1099511627776 + old.id;
END;

-- What was said to whom during a major incident, and when the next update is due.
CREATE TABLE incident_communications (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    by             TEXT NOT NULL,
    audience       TEXT NOT NULL,
    channel        TEXT NOT NULL,
    message        TEXT NOT NULL,
    next_update_at TEXT
) STRICT;
CREATE INDEX incident_communications_incident ON incident_communications(incident_id, at, id);

-- One row per import. What it created is found through import_id (incidents and their
-- history) or import_created (anything else); what it changed through import_before.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    format      TEXT NOT NULL,
    file        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    rows_read   INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    undone_at   TEXT,
    undone_by   TEXT
) STRICT;
CREATE TABLE import_created (
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    record_kind TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    PRIMARY KEY (import_id, record_kind, record_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE import_before (
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    record_kind TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    row         TEXT NOT NULL CHECK (json_valid(row)),
    PRIMARY KEY (import_id, record_kind, record_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE incidents ADD COLUMN import_id INTEGER REFERENCES imports(id);
-- The row of the import's file it came from (the file and its hash are in imports), so a
-- million imported incidents do not each repeat the file name and hash.
ALTER TABLE incidents ADD COLUMN import_row INTEGER;
ALTER TABLE incident_history ADD COLUMN import_id INTEGER REFERENCES imports(id);
ALTER TABLE incident_events ADD COLUMN import_id INTEGER REFERENCES imports(id);
CREATE INDEX incidents_import ON incidents(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX incident_history_import ON incident_history(import_id) WHERE import_id IS NOT NULL;
"#;

/// Service level management: business calendars, agreements (SLA, OLA, underpinning
/// contracts), their targets, and the clocks computed for records.
const V4: &str = r#"
CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    spec       TEXT NOT NULL CHECK (json_valid(spec)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('sla', 'ola', 'uc')),
    name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
    service_id  INTEGER REFERENCES services(id),
    group_id    INTEGER REFERENCES support_groups(id),
    vendor_id   INTEGER REFERENCES vendors(id),
    valid_from  TEXT,
    valid_to    TEXT,
    review_on   TEXT,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE sla_targets (
    id            INTEGER PRIMARY KEY,
    agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    metric        TEXT NOT NULL CHECK (metric IN ('response', 'resolution')),
    priority      INTEGER CHECK (priority BETWEEN 1 AND 5),
    category      TEXT COLLATE NOCASE,
    service_id    INTEGER REFERENCES services(id),
    minutes       INTEGER NOT NULL CHECK (minutes >= 0),
    calendar_id   INTEGER NOT NULL REFERENCES calendars(id),
    pause_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pause_reasons)),
    warning_pct   INTEGER NOT NULL DEFAULT 75 CHECK (warning_pct BETWEEN 1 AND 100),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX sla_targets_agreement ON sla_targets(agreement_id);

-- One clock per (record, target) that applies to it, kept current by the core.
CREATE TABLE sla_clocks (
    record_kind  TEXT NOT NULL,
    record_id    INTEGER NOT NULL,
    target_id    INTEGER NOT NULL REFERENCES sla_targets(id) ON DELETE CASCADE,
    started_at   TEXT NOT NULL,
    deadline     TEXT NOT NULL,
    stopped_at   TEXT,
    elapsed_secs INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached')),
    PRIMARY KEY (record_kind, record_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sla_clocks_open ON sla_clocks(state, deadline);
-- The earliest deadline of an incident's clocks that still run, for "breaching soon"
-- (no running clock: the far future, so such incidents sort last and keyset pages work).
ALTER TABLE incidents ADD COLUMN sla_due TEXT NOT NULL DEFAULT '9999-12-31T23:59:59Z';
CREATE INDEX incidents_sla_due ON incidents(sla_due, id);

-- Covers the compliance report: per target, stopped in a period, met or breached.
CREATE INDEX sla_clocks_target ON sla_clocks(target_id, stopped_at, state);
"#;

/// Service level targets for service requests (by request item), requests' earliest
/// running deadline for their "breaching soon" queue, agreements' documents, SLA warning
/// instants, the risk register, and information security (controls, frameworks, tests,
/// evidence).
const V5: &str = r#"
ALTER TABLE sla_targets ADD COLUMN applies_to TEXT NOT NULL DEFAULT 'incident' CHECK (applies_to IN ('incident', 'request'));
ALTER TABLE sla_targets ADD COLUMN item_id INTEGER REFERENCES catalogue_items(id);
-- Where the signed agreement and its schedules are kept (titles, paths, URLs).
ALTER TABLE agreements ADD COLUMN documents TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(documents));
ALTER TABLE requests ADD COLUMN sla_due TEXT NOT NULL DEFAULT '9999-12-31T23:59:59Z';
-- When a running clock reaches its target's warning threshold, and the same for the clock
-- a record's sla_due comes from, so queues show the warning state without calendar sums.
ALTER TABLE sla_clocks ADD COLUMN warn_at TEXT;
ALTER TABLE incidents ADD COLUMN sla_warn_at TEXT;
ALTER TABLE requests ADD COLUMN sla_warn_at TEXT;
CREATE INDEX requests_sla_due ON requests(sla_due, id);

-- The risk register. `number` is the register's key (RSK0000001 or an imported id); each
-- rating's level (an index into the matrix's levels, in settings) is kept beside it.
CREATE TABLE risks (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT '',
    owner_id            INTEGER REFERENCES people(id),
    causes              TEXT NOT NULL DEFAULT '',
    consequences        TEXT NOT NULL DEFAULT '',
    inherent_likelihood INTEGER, inherent_impact INTEGER,
    current_likelihood  INTEGER, current_impact  INTEGER,
    target_likelihood   INTEGER, target_impact   INTEGER,
    inherent_level      INTEGER, current_level   INTEGER, target_level INTEGER,
    treatment           TEXT CHECK (treatment IN ('mitigate', 'accept', 'transfer', 'avoid')),
    status              TEXT NOT NULL CHECK (status IN ('identified', 'assessed', 'treating', 'accepted', 'closed')),
    accepted_by         TEXT,
    acceptance_reason   TEXT NOT NULL DEFAULT '',
    accepted_until      TEXT,
    last_review         TEXT,
    next_review         TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX risks_current ON risks(current_level, id);
CREATE INDEX risks_cell ON risks(current_likelihood, current_impact, id);
CREATE INDEX risks_inherent_cell ON risks(inherent_likelihood, inherent_impact, id);
CREATE INDEX risks_target_cell ON risks(target_likelihood, target_impact, id);
CREATE INDEX risks_status ON risks(status, current_level, id);
CREATE INDEX risks_owner ON risks(owner_id);

CREATE TABLE risk_actions (
    id       INTEGER PRIMARY KEY,
    risk_id  INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    title    TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    due_on   TEXT,
    status   TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled'))
) STRICT;
CREATE INDEX risk_actions_risk ON risk_actions(risk_id);

-- Open risks per current level, one row per level per day a risk changed (the risk trend).
CREATE TABLE risk_snapshots (
    day   TEXT NOT NULL,
    level INTEGER NOT NULL,
    risks INTEGER NOT NULL,
    PRIMARY KEY (day, level)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER risks_fts_insert AFTER INSERT ON risks BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (9 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.causes || ' ' || new.consequences);
END;
CREATE TRIGGER risks_fts_update AFTER UPDATE OF number, title, description, causes, consequences ON risks BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (9 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.causes || ' ' || new.consequences);
END;
CREATE TRIGGER risks_fts_delete AFTER DELETE ON risks BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 1099511627776 + old.id;
END;

-- Information security: controls, framework catalogues with their requirements, which
-- controls meet which requirements, the statement of applicability, control tests and
-- their evidence files (kept inside the workspace with their SHA-256).
CREATE TABLE controls (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    owner_id        INTEGER REFERENCES people(id),
    control_type    TEXT NOT NULL CHECK (control_type IN ('preventive', 'detective', 'corrective')),
    implementation  TEXT NOT NULL CHECK (implementation IN ('planned', 'partial', 'implemented', 'not_applicable')),
    effectiveness   TEXT CHECK (effectiveness IN ('effective', 'partially_effective', 'ineffective')),
    test_every_days INTEGER CHECK (test_every_days > 0),
    last_test       TEXT,
    next_test       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX controls_implementation ON controls(implementation, id);
CREATE INDEX controls_next_test ON controls(next_test, id);
CREATE TRIGGER controls_fts_insert AFTER INSERT ON controls BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (10 * 1099511627776 + new.id, new.number || ' ' || new.name, new.description);
END;
CREATE TRIGGER controls_fts_update AFTER UPDATE OF number, name, description ON controls BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (10 * 1099511627776 + new.id, new.number || ' ' || new.name, new.description);
END;
CREATE TRIGGER controls_fts_delete AFTER DELETE ON controls BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 1099511627776 + old.id;
END;

CREATE TABLE frameworks (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    source     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE requirements (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    ref          TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    parent_id    INTEGER REFERENCES requirements(id),
    position     INTEGER NOT NULL,
    -- The statement of applicability: applicable unless said otherwise, and why.
    applicable    INTEGER NOT NULL DEFAULT 1 CHECK (applicable IN (0, 1)),
    justification TEXT NOT NULL DEFAULT '',
    UNIQUE (framework_id, ref)
) STRICT;
CREATE INDEX requirements_parent ON requirements(parent_id);
CREATE TABLE control_requirements (
    control_id     INTEGER NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
    requirement_id INTEGER NOT NULL REFERENCES requirements(id) ON DELETE CASCADE,
    PRIMARY KEY (control_id, requirement_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX control_requirements_requirement ON control_requirements(requirement_id, control_id);

CREATE TABLE control_tests (
    id         INTEGER PRIMARY KEY,
    control_id INTEGER NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
    tested_on  TEXT NOT NULL,
    tester     TEXT NOT NULL,
    result     TEXT NOT NULL CHECK (result IN ('passed', 'passed_with_findings', 'failed')),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX control_tests_control ON control_tests(control_id, tested_on);
CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    test_id    INTEGER NOT NULL REFERENCES control_tests(id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    bytes      INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_test ON evidence(test_id);

-- Vulnerabilities with their CVSS vector and the score and severity computed from it; the
-- due date follows the severity (days per severity in settings).
CREATE TABLE vulnerabilities (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cve         TEXT,
    cvss_vector TEXT,
    cvss_version TEXT,
    base_score  REAL,
    severity    TEXT CHECK (severity IN ('none', 'low', 'medium', 'high', 'critical')),
    status      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'mitigated', 'accepted', 'closed')),
    found_on    TEXT NOT NULL,
    due_on      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX vulnerabilities_open ON vulnerabilities(status, due_on, id);
CREATE INDEX vulnerabilities_score ON vulnerabilities(base_score, id);
CREATE TRIGGER vulnerabilities_fts_insert AFTER INSERT ON vulnerabilities BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (11 * 1099511627776 + new.id, new.number || ' ' || new.title || ' ' || coalesce(new.cve, ''), new.description);
END;
CREATE TRIGGER vulnerabilities_fts_update AFTER UPDATE OF number, title, cve, description ON vulnerabilities BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (11 * 1099511627776 + new.id, new.number || ' ' || new.title || ' ' || coalesce(new.cve, ''), new.description);
END;
CREATE TRIGGER vulnerabilities_fts_delete AFTER DELETE ON vulnerabilities BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 1099511627776 + old.id;
END;

-- Security incidents: an incident flagged as one, with what it harmed ("c", "i", "a").
ALTER TABLE incidents ADD COLUMN security INTEGER NOT NULL DEFAULT 0 CHECK (security IN (0, 1));
ALTER TABLE incidents ADD COLUMN security_cia TEXT NOT NULL DEFAULT '';

-- Change control: changes with their affected CIs, and maintenance and blackout windows
-- (one-off or recurring, for a CI, a service's CIs, or everything).
CREATE TABLE changes (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    change_type         TEXT NOT NULL CHECK (change_type IN ('standard', 'normal', 'emergency')),
    state               TEXT NOT NULL CHECK (state IN ('draft', 'assess', 'authorize', 'scheduled', 'implement', 'review', 'closed', 'cancelled', 'failed')),
    source_state        TEXT,
    risk                TEXT NOT NULL DEFAULT '',
    impact              TEXT NOT NULL DEFAULT '',
    planned_start       TEXT,
    planned_end         TEXT,
    assignment_group_id INTEGER REFERENCES support_groups(id),
    assignee_id         INTEGER REFERENCES people(id),
    close_code          TEXT NOT NULL DEFAULT '',
    -- Set when the change ends: 'successful' (closed after review) or 'failed'.
    outcome             TEXT CHECK (outcome IN ('successful', 'failed')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX changes_state ON changes(state, planned_start, id);
CREATE INDEX changes_start ON changes(planned_start, id);
CREATE TABLE change_cis (
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    ci_id     INTEGER NOT NULL REFERENCES cis(id),
    PRIMARY KEY (change_id, ci_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_cis_ci ON change_cis(ci_id, change_id);
CREATE TABLE change_windows (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('maintenance', 'blackout')),
    name       TEXT NOT NULL,
    ci_id      INTEGER REFERENCES cis(id),
    service_id INTEGER REFERENCES services(id),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    recurrence TEXT NOT NULL CHECK (recurrence IN ('none', 'daily', 'weekly', 'monthly')),
    until      TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER changes_fts_insert AFTER INSERT ON changes BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (12 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER changes_fts_update AFTER UPDATE OF number, title, description ON changes BEGIN
    DELETE FROM search_index WHERE rowid = 12 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (12 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER changes_fts_delete AFTER DELETE ON changes BEGIN
    DELETE FROM search_index WHERE rowid = 12 * 1099511627776 + old.id;
END;

-- Problem management: problems with their analysis; incidents link to them ("caused_by").
CREATE TABLE problems (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    priority       INTEGER CHECK (priority BETWEEN 1 AND 5),
    state          TEXT NOT NULL CHECK (state IN ('new', 'assessed', 'root_cause_analysis', 'known_error', 'resolved', 'closed')),
    owner_id       INTEGER REFERENCES people(id),
    root_cause     TEXT NOT NULL DEFAULT '',
    workaround     TEXT NOT NULL DEFAULT '',
    five_whys      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(five_whys)),
    ishikawa       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ishikawa)),
    known_error_at TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX problems_state ON problems(state, created_at, id);
CREATE TRIGGER problems_fts_insert AFTER INSERT ON problems BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (13 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.workaround || ' ' || new.root_cause);
END;
CREATE TRIGGER problems_fts_update AFTER UPDATE OF number, title, description, workaround, root_cause ON problems BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (13 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description || ' ' || new.workaround || ' ' || new.root_cause);
END;
CREATE TRIGGER problems_fts_delete AFTER DELETE ON problems BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 1099511627776 + old.id;
END;
"#;

const V6: &str = r#"
-- Change control, completed: the plans a change carries, when it actually ran, the
-- template a standard change came from, and its risk assessment (the answers given, with
-- the questions' text and scores as they were, so editing the questionnaire later never
-- rewrites an assessment). `risk` keeps the resulting level's name.
ALTER TABLE changes ADD COLUMN justification TEXT NOT NULL DEFAULT '';
ALTER TABLE changes ADD COLUMN implementation_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE changes ADD COLUMN backout_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE changes ADD COLUMN test_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE changes ADD COLUMN actual_start TEXT;
ALTER TABLE changes ADD COLUMN actual_end TEXT;
ALTER TABLE changes ADD COLUMN risk_answers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(risk_answers));
-- Each request for authorization opens a new round of votes; earlier rounds stay on record.
ALTER TABLE changes ADD COLUMN authorization_round INTEGER NOT NULL DEFAULT 0;

-- Pre-approved standard changes: a standard change is created from one and needs no
-- authorization of its own.
CREATE TABLE change_templates (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description         TEXT NOT NULL DEFAULT '',
    implementation_plan TEXT NOT NULL DEFAULT '',
    backout_plan        TEXT NOT NULL DEFAULT '',
    test_plan           TEXT NOT NULL DEFAULT '',
    risk                TEXT NOT NULL DEFAULT '',
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          TEXT NOT NULL
) STRICT;
ALTER TABLE changes ADD COLUMN template_id INTEGER REFERENCES change_templates(id);

-- Change authorities: boards (a CAB, an emergency CAB, a single approver) and the rule
-- saying which board authorizes which type of change at which risk level ('' = any), and
-- how many of its members must approve.
CREATE TABLE change_boards (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE change_board_members (
    board_id  INTEGER NOT NULL REFERENCES change_boards(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (board_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE change_authorities (
    change_type      TEXT NOT NULL CHECK (change_type IN ('normal', 'emergency')),
    risk             TEXT NOT NULL COLLATE NOCASE DEFAULT '',
    board_id         INTEGER NOT NULL REFERENCES change_boards(id) ON DELETE CASCADE,
    approvals_needed INTEGER NOT NULL CHECK (approvals_needed >= 1),
    PRIMARY KEY (change_type, risk)
) STRICT;
CREATE TABLE change_votes (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    round     INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id),
    vote      TEXT NOT NULL CHECK (vote IN ('approve', 'reject')),
    comment   TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL,
    UNIQUE (change_id, round, person_id)
) STRICT;

-- Post-implementation reviews. `changes.outcome` stays the two-way summary the figures
-- count (successful / failed); the review keeps the four-way outcome and the lessons.
CREATE TABLE change_reviews (
    change_id   INTEGER PRIMARY KEY REFERENCES changes(id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL CHECK (outcome IN ('successful', 'successful_with_issues', 'failed', 'backed_out')),
    lessons     TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL,
    reviewed_by TEXT NOT NULL
) STRICT;
"#;

const V7: &str = r#"
-- Stopped clocks per UTC day of their stop, met and breached, kept by triggers on the one
-- table they summarise, so a compliance trend reads a few hundred days instead of every
-- clock. The clocks are written by upsert (never REPLACE, which would skip the delete
-- trigger), so every insert, change and delete of a clock passes through here.
CREATE TABLE sla_clock_days (
    day      TEXT PRIMARY KEY,
    met      INTEGER NOT NULL,
    breached INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER sla_clocks_days_insert AFTER INSERT ON sla_clocks WHEN NEW.stopped_at IS NOT NULL BEGIN
    INSERT INTO sla_clock_days (day, met, breached) VALUES (substr(NEW.stopped_at, 1, 10), NEW.state = 'met', NEW.state = 'breached')
        ON CONFLICT (day) DO UPDATE SET met = met + excluded.met, breached = breached + excluded.breached;
END;
CREATE TRIGGER sla_clocks_days_delete AFTER DELETE ON sla_clocks WHEN OLD.stopped_at IS NOT NULL BEGIN
    UPDATE sla_clock_days SET met = met - (OLD.state = 'met'), breached = breached - (OLD.state = 'breached') WHERE day = substr(OLD.stopped_at, 1, 10);
END;
CREATE TRIGGER sla_clocks_days_update AFTER UPDATE OF stopped_at, state ON sla_clocks
    WHEN OLD.stopped_at IS NOT NEW.stopped_at OR OLD.state IS NOT NEW.state BEGIN
    UPDATE sla_clock_days SET met = met - (OLD.state = 'met'), breached = breached - (OLD.state = 'breached')
        WHERE OLD.stopped_at IS NOT NULL AND day = substr(OLD.stopped_at, 1, 10);
    INSERT INTO sla_clock_days (day, met, breached) SELECT substr(NEW.stopped_at, 1, 10), NEW.state = 'met', NEW.state = 'breached'
        WHERE NEW.stopped_at IS NOT NULL
        ON CONFLICT (day) DO UPDATE SET met = met + excluded.met, breached = breached + excluded.breached;
END;
INSERT INTO sla_clock_days (day, met, breached)
    SELECT substr(stopped_at, 1, 10), sum(state = 'met'), sum(state = 'breached') FROM sla_clocks WHERE stopped_at IS NOT NULL GROUP BY 1;
"#;

/// Capability assessments: the user's criteria pack, assessments with their practices in
/// scope and answers, and a done assessment's criteria and answers kept as they were.
const V8: &str = r#"
CREATE TABLE criteria (
    id         INTEGER PRIMARY KEY,
    practice   TEXT NOT NULL,
    level      INTEGER NOT NULL CHECK (level BETWEEN 2 AND 5),
    text       TEXT NOT NULL,
    key        TEXT NOT NULL,
    dimension  TEXT CHECK (dimension IN ('organizations_and_people', 'information_and_technology', 'partners_and_suppliers', 'value_streams_and_processes')),
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (practice, level, key)
) STRICT;
CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    assessors    TEXT NOT NULL DEFAULT '',
    held_on      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'in_review', 'done')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    done_at      TEXT
) STRICT;
CREATE TABLE assessment_practices (
    assessment_id   INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    practice        TEXT NOT NULL,
    target_level    INTEGER CHECK (target_level BETWEEN 1 AND 5),
    interview_notes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, practice)
) STRICT, WITHOUT ROWID;
CREATE TABLE assessment_answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL REFERENCES criteria(id),
    answer        TEXT NOT NULL CHECK (answer IN ('met', 'partly', 'not_met', 'na')),
    note          TEXT NOT NULL DEFAULT '',
    answered_at   TEXT NOT NULL,
    answered_by   TEXT NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX assessment_answers_criterion ON assessment_answers(criterion_id);
CREATE TABLE assessment_kept (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL,
    practice      TEXT NOT NULL,
    level         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    dimension     TEXT,
    position      INTEGER NOT NULL,
    answer        TEXT,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, criterion_id)
) STRICT, WITHOUT ROWID;
"#;

/// Continual improvement: initiatives with their improvement-model steps, and measures with
/// their values (typed, or sampled from Steward's own figures).
const V9: &str = r#"
CREATE TABLE initiatives (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id    INTEGER REFERENCES people(id),
    value       INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    effort      INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 5),
    status      TEXT NOT NULL,
    practices   TEXT NOT NULL DEFAULT '[]',
    due_on      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    closed_at   TEXT
) STRICT;
CREATE INDEX initiatives_status ON initiatives(status);
CREATE TABLE initiative_steps (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    step          TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    done_on       TEXT,
    PRIMARY KEY (initiative_id, step)
) STRICT, WITHOUT ROWID;
CREATE TABLE measures (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    metric        TEXT NOT NULL,
    subject       TEXT,
    unit          TEXT NOT NULL DEFAULT '',
    baseline      REAL NOT NULL,
    target        REAL NOT NULL,
    due_on        TEXT,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX measures_initiative ON measures(initiative_id);
CREATE TABLE measure_values (
    measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    value      REAL NOT NULL,
    sampled    INTEGER NOT NULL,
    PRIMARY KEY (measure_id, day)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER initiatives_fts_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (14 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER initiatives_fts_update AFTER UPDATE OF number, title, description ON initiatives BEGIN
    DELETE FROM search_index WHERE rowid = 14 * 1099511627776 + old.id;
    INSERT INTO search_index(rowid, title, body) VALUES (14 * 1099511627776 + new.id, new.number || ' ' || new.title, new.description);
END;
CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN
    DELETE FROM search_index WHERE rowid = 14 * 1099511627776 + old.id;
END;
"#;

/// Evidence of an assessment's answers: a file kept with its SHA-256, or a record of the
/// workspace named with the words it had when it was chosen.
const V10: &str = r#"
CREATE TABLE answer_evidence (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    criterion_id  INTEGER NOT NULL,
    file_name     TEXT,
    bytes         INTEGER,
    sha256        TEXT,
    content       BLOB,
    record_kind   TEXT,
    record_id     INTEGER,
    record_label  TEXT,
    added_at      TEXT NOT NULL,
    added_by      TEXT NOT NULL,
    CHECK ((content IS NOT NULL AND sha256 IS NOT NULL AND file_name IS NOT NULL AND record_kind IS NULL)
        OR (content IS NULL AND record_kind IS NOT NULL AND record_id IS NOT NULL))
) STRICT;
CREATE INDEX answer_evidence_item ON answer_evidence(assessment_id, criterion_id);
"#;

/// First-contact resolution over a recent window reads the opening index alone: it carries
/// the resolution time and the reassignments after the keyset's (opened_at, id).
const V11: &str = r#"
DROP INDEX incidents_opened;
CREATE INDEX incidents_opened ON incidents(opened_at, id, resolved_at, reassignment_count);
"#;

/// Deployment management: environments in order (one is production), deployments with the
/// change they implement, and the commits each carried.
const V12: &str = r#"
CREATE TABLE environments (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position   INTEGER NOT NULL,
    production INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO environments (name, position, production) VALUES ('development', 1, 0), ('test', 2, 0), ('staging', 3, 0), ('production', 4, 1);
CREATE TABLE deployments (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    application    TEXT NOT NULL,
    version        TEXT NOT NULL DEFAULT '',
    service_id     INTEGER REFERENCES services(id),
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    started_at     TEXT,
    deployed_at    TEXT NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('pipeline', 'manual', 'blue_green', 'canary', 'feature_flag')),
    deployed_by    TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL CHECK (result IN ('succeeded', 'failed', 'rolled_back')),
    planned        INTEGER NOT NULL DEFAULT 1,
    change_id      INTEGER REFERENCES changes(id),
    source_key     TEXT UNIQUE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (started_at IS NULL OR started_at <= deployed_at)
) STRICT;
CREATE INDEX deployments_time ON deployments(deployed_at, id);
CREATE INDEX deployments_line ON deployments(service_id, environment_id, deployed_at);
CREATE INDEX deployments_change ON deployments(change_id) WHERE change_id IS NOT NULL;
CREATE TABLE deployment_commits (
    deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
    sha           TEXT NOT NULL,
    committed_at  TEXT NOT NULL,
    PRIMARY KEY (deployment_id, sha)
) STRICT, WITHOUT ROWID;
"#;

/// Each commit's lead time in whole seconds (its deployment's end minus its committer date,
/// negative as 0), and each deployment's as a list beside it (`commit_leads`, "3600,86400"),
/// so that the DORA median over a million commits reads one row per deployment, not dates.
const V13: &str = r#"
ALTER TABLE deployment_commits ADD COLUMN lead_seconds INTEGER NOT NULL DEFAULT 0 CHECK (lead_seconds >= 0);
UPDATE deployment_commits SET lead_seconds = max(0, (SELECT unixepoch(d.deployed_at) FROM deployments d WHERE d.id = deployment_id) - unixepoch(committed_at));
ALTER TABLE deployments ADD COLUMN commit_leads TEXT NOT NULL DEFAULT '';
UPDATE deployments SET commit_leads = coalesce((SELECT group_concat(c.lead_seconds, ',') FROM deployment_commits c WHERE c.deployment_id = deployments.id), '');
"#;

/// Releases: a version of an application that moves through the environments as
/// deployments (each deployment belongs to one release at most), with its notes, the
/// production date it aims at and the changes it implements.
const V14: &str = r#"
CREATE TABLE releases (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    application TEXT NOT NULL,
    version     TEXT NOT NULL,
    service_id  INTEGER REFERENCES services(id),
    planned_at  TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX releases_planned ON releases(planned_at) WHERE planned_at IS NOT NULL;
CREATE TABLE release_changes (
    release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    change_id  INTEGER NOT NULL REFERENCES changes(id),
    PRIMARY KEY (release_id, change_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE deployments ADD COLUMN release_id INTEGER REFERENCES releases(id);
CREATE INDEX deployments_release ON deployments(release_id, deployed_at) WHERE release_id IS NOT NULL;
"#;

/// The environments each service has (beside those its deployments went to).
const V15: &str = r#"
CREATE TABLE service_environments (
    service_id     INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    environment_id INTEGER NOT NULL REFERENCES environments(id),
    PRIMARY KEY (service_id, environment_id)
) STRICT, WITHOUT ROWID;
"#;

/// Software development and management: the application portfolio and the components each
/// application carries (from its SBOMs). A component is one row however many applications
/// carry it (known by its package URL, else by name and version); the dependency graph is
/// kept per application, as each SBOM states it.
const V16: &str = r#"
CREATE TABLE applications (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL COLLATE NOCASE UNIQUE,
    description        TEXT NOT NULL DEFAULT '',
    lifecycle          TEXT NOT NULL CHECK (lifecycle IN ('plan', 'build', 'run', 'retire')),
    criticality        TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
    business_owner_id  INTEGER REFERENCES people(id),
    technical_owner_id INTEGER REFERENCES people(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE TABLE components (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    version    TEXT NOT NULL DEFAULT '',
    purl       TEXT,
    supplier   TEXT NOT NULL DEFAULT '',
    licences   TEXT NOT NULL DEFAULT '',
    hashes     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX components_purl ON components(purl) WHERE purl IS NOT NULL;
CREATE TABLE application_components (
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    component_id   INTEGER NOT NULL REFERENCES components(id),
    PRIMARY KEY (application_id, component_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX application_components_component ON application_components(component_id);
CREATE TABLE component_dependencies (
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_id        INTEGER NOT NULL REFERENCES components(id),
    to_id          INTEGER NOT NULL REFERENCES components(id),
    PRIMARY KEY (application_id, from_id, to_id)
) STRICT, WITHOUT ROWID;
"#;

/// The package a vulnerability is in (a package URL), which SBOM components are matched by.
const V17: &str = r#"
ALTER TABLE vulnerabilities ADD COLUMN purl TEXT;
CREATE INDEX vulnerabilities_purl ON vulnerabilities(purl) WHERE purl IS NOT NULL;
"#;

/// A CI's lifecycle dates, place, vendor and monthly cost (exact: minor units), with the
/// indexes the end-of-life radar reads.
const V18: &str = r#"
ALTER TABLE cis ADD COLUMN purchased_on TEXT;
ALTER TABLE cis ADD COLUMN warranty_end TEXT;
ALTER TABLE cis ADD COLUMN support_end TEXT;
ALTER TABLE cis ADD COLUMN life_end TEXT;
ALTER TABLE cis ADD COLUMN location TEXT NOT NULL DEFAULT '';
ALTER TABLE cis ADD COLUMN vendor TEXT NOT NULL DEFAULT '';
ALTER TABLE cis ADD COLUMN monthly_cost_cents INTEGER CHECK (monthly_cost_cents IS NULL OR monthly_cost_cents >= 0);
-- Covering: the radar reads date, name and id from the index alone, in its order.
CREATE INDEX cis_warranty_end ON cis(warranty_end, name) WHERE warranty_end IS NOT NULL;
CREATE INDEX cis_support_end ON cis(support_end, name) WHERE support_end IS NOT NULL;
CREATE INDEX cis_life_end ON cis(life_end, name) WHERE life_end IS NOT NULL;
"#;

/// Discovery without agents: each host an nmap scan found up, a proposal until the user
/// accepts (a CI created or brought up to date) or ignores it; one pending per address.
const V19: &str = r#"
CREATE TABLE discoveries (
    id         INTEGER PRIMARY KEY,
    address    TEXT NOT NULL,
    hostname   TEXT,
    ci_id      INTEGER REFERENCES cis(id) ON DELETE SET NULL,
    ports      TEXT NOT NULL CHECK (json_valid(ports)),
    changes    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'ignored')),
    file       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX discoveries_pending ON discoveries(address) WHERE status = 'pending';
-- A scanned host is matched by the address its CI records: each spelling indexed.
CREATE INDEX cis_ip_address ON cis(json_extract(attributes, '$.ip_address')) WHERE json_extract(attributes, '$.ip_address') IS NOT NULL;
CREATE INDEX cis_ip ON cis(json_extract(attributes, '$.ip')) WHERE json_extract(attributes, '$.ip') IS NOT NULL;
CREATE INDEX cis_address ON cis(json_extract(attributes, '$.address')) WHERE json_extract(attributes, '$.address') IS NOT NULL;
"#;

/// Capacity: a CI's metrics (unit, capacity, the threshold at which it is running out) and
/// their measurements, one per metric and instant (UTC text).
const V20: &str = r#"
CREATE TABLE capacity_metrics (
    id         INTEGER PRIMARY KEY,
    ci_id      INTEGER NOT NULL REFERENCES cis(id) ON DELETE CASCADE,
    name       TEXT NOT NULL COLLATE NOCASE,
    unit       TEXT NOT NULL DEFAULT '',
    capacity   REAL NOT NULL CHECK (capacity > 0),
    threshold  REAL NOT NULL CHECK (threshold > 0 AND threshold <= capacity),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (ci_id, name)
) STRICT;
CREATE TABLE capacity_measurements (
    id          INTEGER PRIMARY KEY,
    metric_id   INTEGER NOT NULL REFERENCES capacity_metrics(id) ON DELETE CASCADE,
    measured_at TEXT NOT NULL,
    value       REAL NOT NULL CHECK (value >= 0),
    UNIQUE (metric_id, measured_at)
) STRICT;
"#;

/// The application portfolio: rationalisation scores and run cost (exact), quality
/// figures by day, technical debt, and stakeholders' requirements and feedback tied to the
/// release that answers them.
const V21: &str = r#"
ALTER TABLE applications ADD COLUMN business_value INTEGER CHECK (business_value BETWEEN 1 AND 5);
ALTER TABLE applications ADD COLUMN technical_fitness INTEGER CHECK (technical_fitness BETWEEN 1 AND 5);
ALTER TABLE applications ADD COLUMN monthly_cost_cents INTEGER CHECK (monthly_cost_cents IS NULL OR monthly_cost_cents >= 0);
CREATE TABLE application_quality (
    application_id    INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    measured_on       TEXT NOT NULL,
    test_coverage_pct REAL CHECK (test_coverage_pct BETWEEN 0 AND 100),
    open_defects      INTEGER CHECK (open_defects >= 0),
    critical_defects  INTEGER CHECK (critical_defects >= 0),
    PRIMARY KEY (application_id, measured_on)
) STRICT, WITHOUT ROWID;
CREATE TABLE technical_debt (
    id                INTEGER PRIMARY KEY,
    application_id    INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    cost_to_fix_cents INTEGER NOT NULL CHECK (cost_to_fix_cents >= 0),
    interest_cents    INTEGER NOT NULL CHECK (interest_cents >= 0),
    owner_id          INTEGER REFERENCES people(id),
    status            TEXT NOT NULL CHECK (status IN ('open', 'repaid')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX technical_debt_application ON technical_debt(application_id);
CREATE TABLE application_feedback (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('requirement', 'feedback')),
    title          TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    release_id     INTEGER REFERENCES releases(id) ON DELETE SET NULL,
    status         TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'delivered', 'declined')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX application_feedback_application ON application_feedback(application_id);
"#;

/// Product lifecycle tables (endoflife.date's shape: a product's release cycles and when
/// each leaves support and reaches its end of life), and where a CI's two dates came from
/// (none: typed by a person).
const V22: &str = r#"
CREATE TABLE product_lifecycles (
    id          INTEGER PRIMARY KEY,
    product     TEXT NOT NULL COLLATE NOCASE,
    cycle       TEXT NOT NULL COLLATE NOCASE,
    support_end TEXT,
    life_end    TEXT,
    source      TEXT NOT NULL,
    UNIQUE (product, cycle)
) STRICT;
ALTER TABLE cis ADD COLUMN support_source TEXT;
ALTER TABLE cis ADD COLUMN life_source TEXT;
"#;

/// An application's quality figures get an id of their own (an import that brings them can
/// then be undone row by row); still one row per application and day.
const V23: &str = r#"
CREATE TABLE application_quality_by_id (
    id                INTEGER PRIMARY KEY,
    application_id    INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    measured_on       TEXT NOT NULL,
    test_coverage_pct REAL CHECK (test_coverage_pct BETWEEN 0 AND 100),
    open_defects      INTEGER CHECK (open_defects >= 0),
    critical_defects  INTEGER CHECK (critical_defects >= 0),
    UNIQUE (application_id, measured_on)
) STRICT;
INSERT INTO application_quality_by_id (application_id, measured_on, test_coverage_pct, open_defects, critical_defects)
    SELECT application_id, measured_on, test_coverage_pct, open_defects, critical_defects FROM application_quality ORDER BY application_id, measured_on;
DROP TABLE application_quality;
ALTER TABLE application_quality_by_id RENAME TO application_quality;
"#;

/// Service financial management: cost pools (each in an IT tower), the ledger of actual
/// costs in exact cents (the original amount and currency kept), allocation rules from
/// pools to services, and the exchange rates the user entered.
const V24: &str = r#"
CREATE TABLE cost_pools (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    tower      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE ledger_lines (
    id             INTEGER PRIMARY KEY,
    source_key     TEXT NOT NULL UNIQUE,
    booked_on      TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL,
    currency       TEXT NOT NULL,
    original_cents INTEGER NOT NULL,
    cost_pool_id   INTEGER NOT NULL REFERENCES cost_pools(id),
    cost_centre    TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    vendor         TEXT NOT NULL DEFAULT '',
    service_id     INTEGER REFERENCES services(id),
    created_at     TEXT NOT NULL
) STRICT;
-- Covering: an allocation sums a period's lines by pool and service from the index alone.
CREATE INDEX ledger_lines_period ON ledger_lines(booked_on, cost_pool_id, service_id, amount_cents);
CREATE TABLE allocation_rules (
    id           INTEGER PRIMARY KEY,
    cost_pool_id INTEGER NOT NULL REFERENCES cost_pools(id),
    method       TEXT NOT NULL CHECK (method IN ('fixed', 'equal', 'ci_count')),
    service_id   INTEGER NOT NULL REFERENCES services(id),
    share_ppm    INTEGER CHECK (share_ppm IS NULL OR (share_ppm > 0 AND share_ppm <= 100000000)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (cost_pool_id, service_id)
) STRICT;
CREATE TABLE exchange_rates (
    currency    TEXT PRIMARY KEY,
    rate_micros INTEGER NOT NULL CHECK (rate_micros > 0),
    updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
"#;

/// Relationship management: survey responses per service (linked to the incident or request
/// a post-resolution survey names), and per-service, per-day counts kept by triggers that
/// the satisfaction figures read.
const V25: &str = r#"
CREATE TABLE survey_responses (
    id          INTEGER PRIMARY KEY,
    source_key  TEXT NOT NULL UNIQUE,
    service_id  INTEGER NOT NULL REFERENCES services(id),
    answered_at TEXT NOT NULL,
    answered_on TEXT NOT NULL,
    csat        INTEGER CHECK (csat BETWEEN 1 AND 5),
    nps         INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment     TEXT NOT NULL DEFAULT '',
    record_kind TEXT,
    record_id   INTEGER,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX survey_responses_service ON survey_responses(service_id, answered_on);
CREATE TABLE satisfaction_days (
    service_id   INTEGER NOT NULL,
    day          TEXT NOT NULL,
    responses    INTEGER NOT NULL,
    csat_answers INTEGER NOT NULL,
    csat_good    INTEGER NOT NULL,
    nps_answers  INTEGER NOT NULL,
    promoters    INTEGER NOT NULL,
    detractors   INTEGER NOT NULL,
    PRIMARY KEY (service_id, day)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER survey_responses_count AFTER INSERT ON survey_responses BEGIN
    INSERT INTO satisfaction_days (service_id, day, responses, csat_answers, csat_good, nps_answers, promoters, detractors)
    VALUES (new.service_id, new.answered_on, 1, new.csat IS NOT NULL, coalesce(new.csat >= 4, 0), new.nps IS NOT NULL, coalesce(new.nps >= 9, 0), coalesce(new.nps <= 6, 0))
    ON CONFLICT (service_id, day) DO UPDATE SET responses = responses + 1, csat_answers = csat_answers + excluded.csat_answers, csat_good = csat_good + excluded.csat_good,
        nps_answers = nps_answers + excluded.nps_answers, promoters = promoters + excluded.promoters, detractors = detractors + excluded.detractors;
END;
CREATE TRIGGER survey_responses_uncount AFTER DELETE ON survey_responses BEGIN
    UPDATE satisfaction_days SET responses = responses - 1, csat_answers = csat_answers - (old.csat IS NOT NULL), csat_good = csat_good - coalesce(old.csat >= 4, 0),
        nps_answers = nps_answers - (old.nps IS NOT NULL), promoters = promoters - coalesce(old.nps >= 9, 0), detractors = detractors - coalesce(old.nps <= 6, 0)
     WHERE service_id = old.service_id AND day = old.answered_on;
END;
CREATE TRIGGER survey_responses_recount AFTER UPDATE OF service_id, answered_on, csat, nps ON survey_responses BEGIN
    UPDATE satisfaction_days SET responses = responses - 1, csat_answers = csat_answers - (old.csat IS NOT NULL), csat_good = csat_good - coalesce(old.csat >= 4, 0),
        nps_answers = nps_answers - (old.nps IS NOT NULL), promoters = promoters - coalesce(old.nps >= 9, 0), detractors = detractors - coalesce(old.nps <= 6, 0)
     WHERE service_id = old.service_id AND day = old.answered_on;
    INSERT INTO satisfaction_days (service_id, day, responses, csat_answers, csat_good, nps_answers, promoters, detractors)
    VALUES (new.service_id, new.answered_on, 1, new.csat IS NOT NULL, coalesce(new.csat >= 4, 0), new.nps IS NOT NULL, coalesce(new.nps >= 9, 0), coalesce(new.nps <= 6, 0))
    ON CONFLICT (service_id, day) DO UPDATE SET responses = responses + 1, csat_answers = csat_answers + excluded.csat_answers, csat_good = csat_good + excluded.csat_good,
        nps_answers = nps_answers + excluded.nps_answers, promoters = promoters + excluded.promoters, detractors = detractors + excluded.detractors;
END;
"#;

/// Budgets: a fiscal year's planned spend per cost centre and cost pool, month by month
/// (1: the fiscal year's first month), in exact cents.
const V26: &str = r#"
CREATE TABLE budgets (
    fiscal_year  INTEGER NOT NULL,
    cost_centre  TEXT NOT NULL,
    cost_pool_id INTEGER NOT NULL REFERENCES cost_pools(id),
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (fiscal_year, cost_centre, cost_pool_id, month)
) STRICT, WITHOUT ROWID;
"#;

/// Relationship management: the stakeholder register (people from the directory, vendors
/// as suppliers, customers and business units as organisations of their own), the
/// services each consumes or provides, the agreements that bind them, and the engagement
/// log (meetings, calls, decisions, commitments with an owner and a due date).
const V27: &str = r#"
CREATE TABLE stakeholders (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'customer', 'business_unit', 'supplier')),
    name       TEXT COLLATE NOCASE,
    person_id  INTEGER UNIQUE REFERENCES people(id),
    vendor_id  INTEGER UNIQUE REFERENCES vendors(id),
    role       TEXT NOT NULL DEFAULT '',
    influence  INTEGER NOT NULL CHECK (influence BETWEEN 1 AND 5),
    interest   INTEGER NOT NULL CHECK (interest BETWEEN 1 AND 5),
    owner_id   INTEGER REFERENCES people(id),
    users      INTEGER CHECK (users IS NULL OR users >= 0),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((kind = 'person') = (person_id IS NOT NULL)),
    CHECK ((kind = 'supplier') = (vendor_id IS NOT NULL)),
    CHECK ((kind IN ('customer', 'business_unit')) = (name IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX stakeholders_name ON stakeholders(name) WHERE name IS NOT NULL;
CREATE TABLE stakeholder_services (
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
    service_id     INTEGER NOT NULL REFERENCES services(id),
    relation       TEXT NOT NULL CHECK (relation IN ('consumes', 'provides')),
    PRIMARY KEY (stakeholder_id, service_id, relation)
) STRICT, WITHOUT ROWID;
CREATE INDEX stakeholder_services_service ON stakeholder_services(service_id, relation, stakeholder_id);
CREATE TABLE stakeholder_agreements (
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id) ON DELETE CASCADE,
    agreement_id   INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    PRIMARY KEY (stakeholder_id, agreement_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE engagements (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'decision', 'commitment')),
    happened_on    TEXT NOT NULL,
    stakeholder_id INTEGER REFERENCES stakeholders(id),
    service_id     INTEGER REFERENCES services(id),
    summary        TEXT NOT NULL,
    owner_id       INTEGER REFERENCES people(id),
    due_on         TEXT,
    done_on        TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (stakeholder_id IS NOT NULL OR service_id IS NOT NULL),
    CHECK ((kind = 'commitment') = (due_on IS NOT NULL AND owner_id IS NOT NULL)),
    CHECK (kind = 'commitment' OR done_on IS NULL)
) STRICT;
CREATE INDEX engagements_stakeholder ON engagements(stakeholder_id, happened_on);
CREATE INDEX engagements_service ON engagements(service_id, happened_on);
CREATE INDEX engagements_open ON engagements(due_on) WHERE kind = 'commitment' AND done_on IS NULL;
"#;

/// Service reviews: a review per service and period (its figures are computed from the
/// records, never stored), the discussion and decisions, and the actions agreed, each of
/// which can become an improvement initiative.
const V28: &str = r#"
CREATE TABLE service_reviews (
    id          INTEGER PRIMARY KEY,
    service_id  INTEGER NOT NULL REFERENCES services(id),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    held_on     TEXT,
    discussion  TEXT NOT NULL DEFAULT '',
    decisions   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (period_to >= period_from),
    UNIQUE (service_id, period_from, period_to)
) STRICT;
CREATE TABLE review_actions (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL REFERENCES service_reviews(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    owner_id      INTEGER REFERENCES people(id),
    due_on        TEXT,
    initiative_id INTEGER REFERENCES initiatives(id),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX review_actions_review ON review_actions(review_id, id);
"#;

/// Allocation by a usage driver (the units each service used, kept in `share_ppm` as
/// millionths of a unit, and the driver's name), and what a major incident cost: lines of
/// hours at a rate (hours in millionths, the rate in cents).
const V29: &str = r#"
CREATE TABLE allocation_rules_v29 (
    id           INTEGER PRIMARY KEY,
    cost_pool_id INTEGER NOT NULL REFERENCES cost_pools(id),
    method       TEXT NOT NULL CHECK (method IN ('fixed', 'equal', 'ci_count', 'usage')),
    service_id   INTEGER NOT NULL REFERENCES services(id),
    share_ppm    INTEGER,
    driver       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (cost_pool_id, service_id),
    CHECK (CASE method WHEN 'fixed' THEN share_ppm > 0 AND share_ppm <= 100000000 WHEN 'usage' THEN share_ppm >= 0 ELSE share_ppm IS NULL END)
) STRICT;
INSERT INTO allocation_rules_v29 (id, cost_pool_id, method, service_id, share_ppm, created_at, updated_at)
    SELECT id, cost_pool_id, method, service_id, share_ppm, created_at, updated_at FROM allocation_rules;
DROP TABLE allocation_rules;
ALTER TABLE allocation_rules_v29 RENAME TO allocation_rules;
CREATE TABLE incident_costs (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    what         TEXT NOT NULL,
    hours_micros INTEGER NOT NULL CHECK (hours_micros > 0),
    rate_cents   INTEGER NOT NULL CHECK (rate_cents >= 0),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX incident_costs_incident ON incident_costs(incident_id, id);
"#;

/// The service desk's queues at a million incidents: the queue order (priority, then the
/// nearest deadline) as an indexed column, the group queue covered by its index, category
/// matched without case on an index.
const V30: &str = r#"
ALTER TABLE incidents ADD COLUMN queue_key TEXT GENERATED ALWAYS AS (priority || ' ' || sla_due) VIRTUAL;
CREATE INDEX incidents_queue ON incidents(queue_key);
DROP INDEX incidents_group;
CREATE INDEX incidents_group ON incidents(assignment_group_id, state, priority, sla_due);
CREATE INDEX incidents_category ON incidents(category COLLATE NOCASE);
"#;

/// The incident's state checked by comparisons instead of `IN (...)`: SQLite checks a list
/// of more than two values through a lookup table it builds and drops on every insert (a
/// tenth of a million-row import). The same rule, so rows already stored keep to it: the
/// table's stored definition is edited in place, the way SQLite documents for changing a
/// CHECK constraint (`writable_schema`, then a new schema version so every connection
/// reads it again), instead of copying a million rows into a new table.
const V31_STATE_BEFORE: &str = "CHECK (state IN ('new', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'))";
const V31_STATE_AFTER: &str = "CHECK (state = 'new' OR state = 'in_progress' OR state = 'on_hold' OR state = 'resolved' OR state = 'closed' OR state = 'cancelled')";

fn v31_state_by_comparisons(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let version: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    let edited = tx.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND name = 'incidents' AND instr(sql, ?1) > 0",
        [V31_STATE_BEFORE, V31_STATE_AFTER],
    )?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", false)?;
    if edited != 1 {
        return Err(rusqlite_migration::HookError::Hook("the incidents table's state rule is not the one this step rewrites".into()));
    }
    Ok(())
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V4), M::up(V5), M::up(V6), M::up(V7), M::up(V8), M::up(V9), M::up(V10), M::up(V11), M::up(V12), M::up(V13), M::up(V14), M::up(V15), M::up(V16), M::up(V17), M::up(V18), M::up(V19), M::up(V20), M::up(V21), M::up(V22), M::up(V23), M::up(V24), M::up(V25), M::up(V26), M::up(V27), M::up(V28), M::up(V29), M::up(V30), M::up_with_hook("", v31_state_by_comparisons)])
}

/// The schema version this build writes: the number of migration steps.
pub const LATEST: i64 = 31;
