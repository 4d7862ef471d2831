"""Initial schema: the whole domain, the append-only audit log and the referral search index.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 05:02:48.118896
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64, collation='NOCASE'), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('name', name=op.f('uq_accounts_name'))
    )
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200, collation='NOCASE'), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('telephone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('is_core_member', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_actor_at', ['actor', 'at'], unique=False)
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('destructions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('destroyed_at', sa.DateTime(), nullable=False),
    sa.Column('destroyed_by', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=False),
    sa.Column('retention_rule', sa.Text(), nullable=False),
    sa.Column('certificate', sa.String(length=24), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destructions'))
    )
    with op.batch_alter_table('destructions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destructions_certificate'), ['certificate'], unique=False)

    op.create_table('drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_owner'), ['owner'], unique=False)

    op.create_table('issued_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_kind', sa.String(length=32), nullable=False),
    sa.Column('document_reference', sa.String(length=40), nullable=False),
    sa.Column('profile', sa.String(length=16), nullable=False),
    sa.Column('copy_number', sa.Integer(), nullable=False),
    sa.Column('copies_total', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_copies'))
    )
    op.create_table('legal_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('placed_by', sa.String(length=64), nullable=False),
    sa.Column('placed_on', sa.Date(), nullable=False),
    sa.Column('lifted_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_holds'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('scheduled_kind', sa.String(length=24), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('chair_name', sa.Text(), nullable=False),
    sa.Column('chair_title', sa.Text(), nullable=False),
    sa.Column('chair_reason', sa.Text(), nullable=False),
    sa.Column('papers_deadline', sa.Date(), nullable=True),
    sa.Column('papers_sent_on', sa.Date(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name='fk_meetings_review_id_reviews', use_alter=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('reference', name=op.f('uq_meetings_reference'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_meeting_date'), ['meeting_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_review_id'), ['review_id'], unique=False)

    op.create_table('org_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_org_settings'))
    )
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120, collation='NOCASE'), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('name', name=op.f('uq_themes_name'))
    )
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.Text(), nullable=False),
    sa.Column('person_role', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('invite_reason', sa.String(length=24), nullable=False),
    sa.Column('invite_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_attendance_agency_id_agencies')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_meeting', ['meeting_id'], unique=False)

    op.create_table('meeting_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_actions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_actions'))
    )
    with op.batch_alter_table('meeting_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_actions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('child_full_name', sa.Text(), nullable=False),
    sa.Column('child_also_known_as', sa.Text(), nullable=False),
    sa.Column('child_dob', sa.Date(), nullable=True),
    sa.Column('incident_date', sa.Date(), nullable=True),
    sa.Column('incident_time', sa.Time(), nullable=True),
    sa.Column('child_address', sa.Text(), nullable=False),
    sa.Column('child_current_location', sa.Text(), nullable=False),
    sa.Column('referral_date', sa.Date(), nullable=True),
    sa.Column('referrer_name', sa.Text(), nullable=False),
    sa.Column('ofsted_notified', sa.String(length=16), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('agency_name', sa.Text(), nullable=False),
    sa.Column('agency_address', sa.Text(), nullable=False),
    sa.Column('agency_telephone', sa.String(length=40), nullable=False),
    sa.Column('agency_email', sa.String(length=254), nullable=False),
    sa.Column('sex', sa.String(length=16), nullable=True),
    sa.Column('age_years', sa.Integer(), nullable=True),
    sa.Column('ethnic_group', sa.String(length=40), nullable=True),
    sa.Column('ethnic_other', sa.Text(), nullable=False),
    sa.Column('immigration_status', sa.String(length=32), nullable=True),
    sa.Column('incident_type', sa.String(length=32), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('case_kind', sa.String(length=32), nullable=True),
    sa.Column('expected_learning', sa.Text(), nullable=False),
    sa.Column('scr_criteria', sa.String(length=16), nullable=True),
    sa.Column('on_child_protection_plan', sa.String(length=16), nullable=True),
    sa.Column('whereabouts_at_incident', sa.Text(), nullable=False),
    sa.Column('carer_at_incident', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by', sa.String(length=64), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_referrals_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('reference', name=op.f('uq_referrals_reference'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_referral_date'), ['referral_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_status'), ['status'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('scr_criteria_likely', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_agenda_items_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_items_meeting', ['meeting_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_referral_id'), ['referral_id'], unique=False)

    op.create_table('household_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('dob', sa.Date(), nullable=True),
    sa.Column('relationship_to_child', sa.Text(), nullable=False),
    sa.Column('full_address', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_household_members_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_members'))
    )
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.create_index('ix_household_members_referral', ['referral_id', 'position'], unique=False)

    op.create_table('panel_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('decision', sa.String(length=24), nullable=False),
    sa.Column('review_method', sa.String(length=32), nullable=True),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('scr_criteria_likely', sa.Boolean(), nullable=False),
    sa.Column('issues_for_review', sa.Text(), nullable=False),
    sa.Column('terms_of_reference_scope', sa.Text(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('chair_of_review', sa.Text(), nullable=False),
    sa.Column('first_meeting_date', sa.Date(), nullable=True),
    sa.Column('second_meeting_date', sa.Date(), nullable=True),
    sa.Column('good_practice', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('superseded', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_panel_decisions_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_panel_decisions_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_decisions'))
    )
    with op.batch_alter_table('panel_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_panel_decisions_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('still_involved', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_referral_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_agencies_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_agencies'))
    )
    with op.batch_alter_table('referral_agencies', schema=None) as batch_op:
        batch_op.create_index('ix_referral_agencies_referral', ['referral_id'], unique=False)

    op.create_table('decision_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_decision_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['decision_id'], ['panel_decisions.id'], name=op.f('fk_decision_agencies_decision_id_panel_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_agencies'))
    )
    with op.batch_alter_table('decision_agencies', schema=None) as batch_op:
        batch_op.create_index('ix_decision_agencies_decision', ['decision_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=True),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('chair_name', sa.Text(), nullable=False),
    sa.Column('independent_reviewer', sa.Text(), nullable=False),
    sa.Column('terms_of_reference', sa.Text(), nullable=False),
    sa.Column('issues_for_review', sa.Text(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('timescales', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('report_kind', sa.String(length=16), nullable=False),
    sa.Column('report_text', sa.Text(), nullable=False),
    sa.Column('reported_to_board_on', sa.Date(), nullable=True),
    sa.Column('agency_reports_requested_on', sa.Date(), nullable=True),
    sa.Column('director_recommendation', sa.Text(), nullable=False),
    sa.Column('director_recommendation_on', sa.Date(), nullable=True),
    sa.Column('chair_decision', sa.String(length=24), nullable=True),
    sa.Column('chair_decision_reasons', sa.Text(), nullable=False),
    sa.Column('chair_decision_on', sa.Date(), nullable=True),
    sa.Column('ofsted_notified_on', sa.Date(), nullable=True),
    sa.Column('national_panel_notified_on', sa.Date(), nullable=True),
    sa.Column('national_panel_outcome', sa.String(length=16), nullable=True),
    sa.Column('national_panel_outcome_on', sa.Date(), nullable=True),
    sa.Column('national_panel_notes', sa.Text(), nullable=False),
    sa.Column('methodology', sa.Text(), nullable=False),
    sa.Column('reviewer_commissioned_on', sa.Date(), nullable=True),
    sa.Column('scr_panel_agreed_on', sa.Date(), nullable=True),
    sa.Column('interviews', sa.Text(), nullable=False),
    sa.Column('board_signed_off_on', sa.Date(), nullable=True),
    sa.Column('publication_decision', sa.String(length=16), nullable=True),
    sa.Column('publication_reasons', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['panel_decisions.id'], name=op.f('fk_reviews_decision_id_panel_decisions')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_reviews_referral_id_referrals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('reference', name=op.f('uq_reviews_reference'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_stage'), ['stage'], unique=False)

    op.create_table('agency_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('representative_name', sa.Text(), nullable=False),
    sa.Column('representative_contact', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_checks_agency_id_agencies')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_agency_checks_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_checks'))
    )
    with op.batch_alter_table('agency_checks', schema=None) as batch_op:
        batch_op.create_index('ix_agency_checks_review', ['review_id', 'agency_id'], unique=True)

    op.create_table('agency_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_reports_agency_id_agencies')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_agency_reports_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_reports'))
    )
    with op.batch_alter_table('agency_reports', schema=None) as batch_op:
        batch_op.create_index('ix_agency_reports_review', ['review_id', 'agency_id'], unique=True)

    op.create_table('chronology_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('file_kind', sa.String(length=8), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('replaced_previous', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_chronology_imports_agency_id_agencies')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_chronology_imports_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_imports'))
    )
    with op.batch_alter_table('chronology_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_imports_review_id'), ['review_id'], unique=False)

    op.create_table('chronology_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_chronology_requests_agency_id_agencies')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_chronology_requests_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_requests'))
    )
    with op.batch_alter_table('chronology_requests', schema=None) as batch_op:
        batch_op.create_index('ix_chronology_requests_review', ['review_id', 'agency_id'], unique=True)

    op.create_table('clock_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_clock_pauses_referral_id_referrals')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_clock_pauses_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock_pauses'))
    )
    with op.batch_alter_table('clock_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clock_pauses_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clock_pauses_review_id'), ['review_id'], unique=False)

    op.create_table('scr_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('ofsted_notified_on', sa.Date(), nullable=True),
    sa.Column('national_panel_notified_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_scr_notifications_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scr_notifications')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_scr_notifications_referral_id'))
    )
    op.create_table('review_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('stage_before', sa.String(length=40), nullable=False),
    sa.Column('closed_by', sa.String(length=64), nullable=False),
    sa.Column('reopened_on', sa.Date(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('reopened_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['reviews.id'], name=op.f('fk_review_closures_merged_into_id_reviews'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_closures_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_closures'))
    )
    with op.batch_alter_table('review_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_closures_review_id'), ['review_id'], unique=False)

    op.create_table('dissemination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('audience', sa.Text(), nullable=False),
    sa.Column('people_count', sa.Integer(), nullable=True),
    sa.Column('learning', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_dissemination_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dissemination'))
    )
    with op.batch_alter_table('dissemination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dissemination_review_id'), ['review_id'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_findings_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_review_id'), ['review_id'], unique=False)

    op.create_table('good_practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_good_practice_agency_id_agencies')),
    sa.ForeignKeyConstraint(['decision_id'], ['panel_decisions.id'], name=op.f('fk_good_practice_decision_id_panel_decisions')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_good_practice_referral_id_referrals')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_good_practice_review_id_reviews')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_good_practice'))
    )
    with op.batch_alter_table('good_practice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_good_practice_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_good_practice_review_id'), ['review_id'], unique=False)

    op.create_table('review_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('person_name', sa.Text(), nullable=False),
    sa.Column('job_title', sa.Text(), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('contributed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_review_participants_agency_id_agencies')),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_participants_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_participants'))
    )
    with op.batch_alter_table('review_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_participants_review_id'), ['review_id'], unique=False)

    op.create_table('review_themes',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_themes_review_id_reviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_review_themes_theme_id_themes')),
    sa.PrimaryKeyConstraint('review_id', 'theme_id', name=op.f('pk_review_themes'))
    )
    op.create_table('chronology_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('event_time', sa.Time(), nullable=True),
    sa.Column('certainty', sa.String(length=8), nullable=False),
    sa.Column('date_text', sa.String(length=40), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('event', sa.Text(), nullable=False),
    sa.Column('significance', sa.String(length=16), nullable=False),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_chronology_entries_agency_id_agencies')),
    sa.ForeignKeyConstraint(['import_id'], ['chronology_imports.id'], name=op.f('fk_chronology_entries_import_id_chronology_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_chronology_entries_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_entries'))
    )
    with op.batch_alter_table('chronology_entries', schema=None) as batch_op:
        batch_op.create_index('ix_chronology_entries_review_agency', ['review_id', 'agency_id'], unique=False)
        batch_op.create_index('ix_chronology_entries_review_date', ['review_id', 'date_from'], unique=False)

    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_recommendations_agency_id_agencies')),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_recommendations_finding_id_findings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_recommendations_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_review_id'), ['review_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('lead_officer_name', sa.Text(), nullable=False),
    sa.Column('lead_officer_role', sa.Text(), nullable=False),
    sa.Column('lead_officer_contact', sa.Text(), nullable=False),
    sa.Column('accountable_manager', sa.Text(), nullable=False),
    sa.Column('original_due_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('revised_due_reason', sa.Text(), nullable=False),
    sa.Column('revised_on', sa.Date(), nullable=True),
    sa.Column('forecast_date', sa.Date(), nullable=True),
    sa.Column('recorded_status', sa.String(length=16), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_references', sa.Text(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('signed_off_by', sa.String(length=64), nullable=True),
    sa.Column('signed_off_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('last_update_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_actions_agency_id_agencies')),
    sa.ForeignKeyConstraint(['decision_id'], ['panel_decisions.id'], name=op.f('fk_actions_decision_id_panel_decisions')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_actions_recommendation_id_recommendations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_actions_review_id_reviews')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions')),
    sa.UniqueConstraint('reference', name=op.f('uq_actions_reference'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index('ix_actions_due_order', ['due_date', 'reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_recorded_status'), ['recorded_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_review_id'), ['review_id'], unique=False)

    op.create_table('action_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('update_date', sa.Date(), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status_after', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_updates_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_updates'))
    )
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.create_index('ix_action_updates_action', ['action_id', 'update_date'], unique=False)

    op.create_table('exception_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('consequences', sa.Text(), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_exception_notes_action_id_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exception_notes')),
    sa.UniqueConstraint('action_id', name=op.f('uq_exception_notes_action_id'))
    )
    for statement in _AUDIT_TRIGGERS + _REFERRAL_SEARCH + _LATEST_UPDATE:
        op.execute(statement)


# The audit log is append-only: the database itself refuses to change or remove a row.
_AUDIT_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed.'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'The audit log cannot be changed.'); END""",
]

# Full-text search over names, "also known as", household members and the summary, kept
# up to date by triggers so no code path can forget it. rowid is the referral's id.
# Diacritics are folded, so "Sian" finds "Siân". FTS5's secure-delete overwrites removed
# terms rather than leaving them in the index. Prefix indexes for one and two letters serve
# the first keystrokes of search-as-you-type, which match most rows: without them FTS5
# merges the lists of every word with that prefix (measured: 36 ms against 17 ms for one
# letter over 50,000 referrals; bulk loading 1.5 times slower, a single save unchanged).
_HOUSEHOLD_NAMES = "(SELECT coalesce(group_concat(full_name, ' '), '') FROM household_members WHERE referral_id = {ref})"
_REFERRAL_SEARCH = [
    """CREATE VIRTUAL TABLE referral_search USING fts5(
         names, household, summary, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')""",
    "INSERT INTO referral_search(referral_search, rank) VALUES ('secure-delete', 1)",
    """CREATE TRIGGER referral_search_insert AFTER INSERT ON referrals BEGIN
         INSERT INTO referral_search(rowid, names, household, summary)
         VALUES (new.id, new.child_full_name || ' ' || new.child_also_known_as, '', new.summary);
       END""",
    f"""CREATE TRIGGER referral_search_update
         AFTER UPDATE OF child_full_name, child_also_known_as, summary ON referrals BEGIN
         DELETE FROM referral_search WHERE rowid = old.id;
         INSERT INTO referral_search(rowid, names, household, summary)
         VALUES (new.id, new.child_full_name || ' ' || new.child_also_known_as,
                 {_HOUSEHOLD_NAMES.format(ref="new.id")}, new.summary);
       END""",
    """CREATE TRIGGER referral_search_delete AFTER DELETE ON referrals BEGIN
         DELETE FROM referral_search WHERE rowid = old.id;
       END""",
    f"""CREATE TRIGGER referral_search_household_insert AFTER INSERT ON household_members BEGIN
         UPDATE referral_search SET household = {_HOUSEHOLD_NAMES.format(ref="new.referral_id")}
         WHERE rowid = new.referral_id;
       END""",
    f"""CREATE TRIGGER referral_search_household_update AFTER UPDATE ON household_members BEGIN
         UPDATE referral_search SET household = {_HOUSEHOLD_NAMES.format(ref="old.referral_id")}
         WHERE rowid = old.referral_id;
         UPDATE referral_search SET household = {_HOUSEHOLD_NAMES.format(ref="new.referral_id")}
         WHERE rowid = new.referral_id;
       END""",
    f"""CREATE TRIGGER referral_search_household_delete AFTER DELETE ON household_members BEGIN
         UPDATE referral_search SET household = {_HOUSEHOLD_NAMES.format(ref="old.referral_id")}
         WHERE rowid = old.referral_id;
       END""",
]

# Each action's newest progress update day, kept in `actions.last_update_on` by the
# database itself, so no code path (a note, a bulk update, its undo, retention) can forget
# it. The max() is one seek in ix_action_updates_action.
_LATEST_OF = "(SELECT max(update_date) FROM action_updates WHERE action_id = {ref})"
_LATEST_UPDATE = [
    f"""CREATE TRIGGER action_updates_latest_insert AFTER INSERT ON action_updates BEGIN
         UPDATE actions SET last_update_on = {_LATEST_OF.format(ref="new.action_id")} WHERE id = new.action_id;
       END""",
    f"""CREATE TRIGGER action_updates_latest_update AFTER UPDATE OF action_id, update_date ON action_updates BEGIN
         UPDATE actions SET last_update_on = {_LATEST_OF.format(ref="old.action_id")} WHERE id = old.action_id;
         UPDATE actions SET last_update_on = {_LATEST_OF.format(ref="new.action_id")} WHERE id = new.action_id;
       END""",
    f"""CREATE TRIGGER action_updates_latest_delete AFTER DELETE ON action_updates BEGIN
         UPDATE actions SET last_update_on = {_LATEST_OF.format(ref="old.action_id")} WHERE id = old.action_id;
       END""",
]


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS referral_search")
    op.drop_table('exception_notes')
    with op.batch_alter_table('action_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_action_updates_action')

    op.drop_table('action_updates')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_review_id'))
        batch_op.drop_index(batch_op.f('ix_actions_recorded_status'))
        batch_op.drop_index(batch_op.f('ix_actions_recommendation_id'))
        batch_op.drop_index('ix_actions_due_order')
        batch_op.drop_index(batch_op.f('ix_actions_agency_id'))

    op.drop_table('actions')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_review_id'))

    op.drop_table('recommendations')
    with op.batch_alter_table('chronology_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_chronology_entries_review_date')
        batch_op.drop_index('ix_chronology_entries_review_agency')

    op.drop_table('chronology_entries')
    op.drop_table('review_themes')
    with op.batch_alter_table('review_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_participants_review_id'))

    op.drop_table('review_participants')
    with op.batch_alter_table('good_practice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_good_practice_review_id'))
        batch_op.drop_index(batch_op.f('ix_good_practice_referral_id'))

    op.drop_table('good_practice')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_review_id'))

    op.drop_table('findings')
    with op.batch_alter_table('dissemination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dissemination_review_id'))

    op.drop_table('dissemination')
    with op.batch_alter_table('review_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_closures_review_id'))

    op.drop_table('review_closures')
    op.drop_table('scr_notifications')
    with op.batch_alter_table('clock_pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clock_pauses_review_id'))
        batch_op.drop_index(batch_op.f('ix_clock_pauses_referral_id'))

    op.drop_table('clock_pauses')
    with op.batch_alter_table('chronology_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_chronology_requests_review')

    op.drop_table('chronology_requests')
    with op.batch_alter_table('chronology_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_imports_review_id'))

    op.drop_table('chronology_imports')
    with op.batch_alter_table('agency_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_agency_reports_review')

    op.drop_table('agency_reports')
    with op.batch_alter_table('agency_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_agency_checks_review')

    op.drop_table('agency_checks')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_stage'))
        batch_op.drop_index(batch_op.f('ix_reviews_referral_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('decision_agencies', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_agencies_decision')

    op.drop_table('decision_agencies')
    with op.batch_alter_table('referral_agencies', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_agencies_referral')

    op.drop_table('referral_agencies')
    with op.batch_alter_table('panel_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_decisions_referral_id'))
        batch_op.drop_index(batch_op.f('ix_panel_decisions_meeting_id'))

    op.drop_table('panel_decisions')
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.drop_index('ix_household_members_referral')

    op.drop_table('household_members')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_referral_id'))
        batch_op.drop_index('ix_agenda_items_meeting')

    op.drop_table('agenda_items')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_status'))
        batch_op.drop_index(batch_op.f('ix_referrals_referral_date'))
        batch_op.drop_index(batch_op.f('ix_referrals_agency_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('meeting_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_actions_meeting_id'))

    op.drop_table('meeting_actions')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_meeting')

    op.drop_table('attendance')
    op.drop_table('themes')
    op.drop_table('reference_counters')
    op.drop_table('org_settings')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_review_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_meeting_date'))

    op.drop_table('meetings')
    op.drop_table('legal_holds')
    op.drop_table('issued_copies')
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_owner'))

    op.drop_table('drafts')
    with op.batch_alter_table('destructions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destructions_certificate'))

    op.drop_table('destructions')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')
        batch_op.drop_index('ix_audit_log_actor_at')

    op.drop_table('audit_log')
    op.drop_table('agencies')
    op.drop_table('accounts')
