# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def migrate(cr, version):
    """Teams emailed the resolution unconditionally before it became a team option (off for
    new teams): keep doing so for the teams that exist."""
    if not version:
        return
    cr.execute("UPDATE helpdesk_ticket_team SET dist_send_resolution = TRUE")
