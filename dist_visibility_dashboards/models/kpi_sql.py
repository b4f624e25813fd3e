# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPI models are SQL views, (re)built by ``init()`` of every module that defines or
extends them: a bridge module adds its columns and joins through the model's
``_dist_select()`` and ``_dist_from()``.

The figures that would aggregate every order line or delivery line at each read are
stored facts: a table filled by a full recomputation when the module is installed or
upgraded, then kept equal to it, in the same transaction, by statement-level triggers on
the tables it is computed from (``create_fact_triggers``): each INSERT, UPDATE or DELETE
statement recomputes, set-wise, the facts of the keys whose rows it changed."""

from odoo.tools import SQL
from odoo.tools.sql import TableKind, table_kind

# The triggers' transition tables, per statement.
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def create_view(cr, name, query):
    cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(name)))
    cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(name), query))


def view_query(select, from_, where=None):
    """``SELECT <select, ...> FROM <from_ ...> [WHERE where]`` from lists of SQL pieces."""
    query = SQL("SELECT %s FROM %s", SQL(", ").join(select), SQL(" ").join(from_))
    return SQL("%s WHERE %s", query, where) if where else query


def create_fact_table(cr, name, query, key, indexes):
    """(Re)build the fact table ``name`` as ``query`` run over every key: a full
    recomputation. ``key`` is its primary key, ``indexes`` lists column lists to index.
    What was a view by that name (the KPI models before their facts were stored) goes."""
    kind = table_kind(cr, name)
    if kind == TableKind.View:
        cr.execute(SQL("DROP VIEW %s CASCADE", SQL.identifier(name)))
    elif kind is not None:
        cr.execute(SQL("DROP TABLE %s CASCADE", SQL.identifier(name)))
    cr.execute(SQL("CREATE TABLE %s AS (%s)", SQL.identifier(name), query))
    cr.execute(SQL("ALTER TABLE %s ADD PRIMARY KEY (%s)", SQL.identifier(name), SQL.identifier(key)))
    for columns in indexes:
        cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (%s)",
                SQL.identifier(f"{name}_{'_'.join(columns)}_index"),
                SQL.identifier(name),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )


def create_fact_refresh(cr, function, fact, key, query):
    """``function(int[])``: recompute the rows of ``fact`` whose ``key`` is in the array;
    ``query`` selects them, the array is its ``keys`` parameter."""
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(function)s(keys integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
            BEGIN
                IF cardinality(keys) = 0 THEN
                    RETURN;
                END IF;
                DELETE FROM %(fact)s WHERE %(key)s = ANY(keys);
                INSERT INTO %(fact)s %(query)s;
            END
            $fn$
            """,
            function=SQL.identifier(function),
            fact=SQL.identifier(fact),
            key=SQL.identifier(key),
            query=query,
        )
    )


def create_fact_triggers(cr, refresh, source, key, columns, *, through=None):
    """Triggers on table ``source`` calling ``refresh(int[])`` once per statement with the
    values of its column ``key`` in the rows inserted, deleted, or updated in one of
    ``columns`` (before and after the update). With ``through``, a query of the facts' keys
    from the array ``keys`` of those values, it is called with the keys that query gives."""
    function = f"{refresh}_on_{source}"
    if through is not None:
        via = f"{refresh}_via_{source}"
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION %s(keys integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF cardinality(keys) > 0 THEN
                        PERFORM %s(ARRAY(%s));
                    END IF;
                END
                $fn$
                """,
                SQL.identifier(via),
                SQL.identifier(refresh),
                through,
            )
        )
        refresh = via
    changed = SQL(" OR ").join(
        SQL("n.%s IS DISTINCT FROM o.%s", SQL.identifier(column), SQL.identifier(column)) for column in columns
    )
    key = SQL.identifier(key)
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM %(refresh)s(ARRAY(SELECT DISTINCT %(key)s FROM new_rows WHERE %(key)s IS NOT NULL));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM %(refresh)s(ARRAY(SELECT DISTINCT %(key)s FROM old_rows WHERE %(key)s IS NOT NULL));
                ELSE
                    PERFORM %(refresh)s(ARRAY(
                        SELECT DISTINCT k
                          FROM new_rows n
                          JOIN old_rows o ON o.id = n.id
                         CROSS JOIN LATERAL (VALUES (n.%(key)s), (o.%(key)s)) AS keys(k)
                         WHERE (%(changed)s) AND k IS NOT NULL
                    ));
                END IF;
                RETURN NULL;
            END
            $fn$
            """,
            function=SQL.identifier(function),
            refresh=SQL.identifier(refresh),
            key=key,
            changed=changed,
        )
    )
    for operation, transitions in TRANSITIONS.items():
        trigger = SQL.identifier(f"{function}_{operation.lower()}")
        cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", trigger, SQL.identifier(source)))
        cr.execute(
            SQL(
                "CREATE TRIGGER %s AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                trigger,
                SQL(operation),
                SQL.identifier(source),
                SQL(transitions),
                SQL.identifier(function),
            )
        )


def drop_fact_triggers(cr, refresh, sources):
    """Drop what create_fact_refresh and create_fact_triggers made for ``refresh``."""
    for source in sources:
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(f"{refresh}_on_{source}")))
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s(integer[])", SQL.identifier(f"{refresh}_via_{source}")))
    cr.execute(SQL("DROP FUNCTION IF EXISTS %s(integer[]) CASCADE", SQL.identifier(refresh)))
