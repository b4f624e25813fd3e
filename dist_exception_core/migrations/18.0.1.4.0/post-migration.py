# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def migrate(cr, version):
    """Bands decided by one group become bands of one step of that group, and pending
    requests wait in that step since they were filed."""
    cr.execute(
        """
        INSERT INTO dist_approval_step
               (band_id, rule_id, company_id, sequence, approver_type, group_id,
                create_uid, create_date, write_uid, write_date)
        SELECT band.id, band.rule_id, band.company_id, 10, 'group', band.group_id,
               1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM dist_approval_band band
         WHERE band.group_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM dist_approval_step step WHERE step.band_id = band.id)
        """
    )
    cr.execute(
        """
        UPDATE dist_approval_request
           SET step_index = 1, step_start_date = request_date
         WHERE state = 'pending' AND step_start_date IS NULL
        """
    )
