"""Each database role can do exactly what the API needs and nothing more.

The table below is the intended state, written out by hand; the test reads the real one from
the catalogs (pg_roles, pg_auth_members, relation and column ACLs, EXECUTE on definer
functions) and compares. A new grant, membership or definer function fails here until it is
added to INTENDED on purpose.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from tests.db.role_catalog import ALL, ROLES, actual_privileges

INTENDED: dict[str, Any] = {
    "attributes": {
        "anon": "inherit",
        "app_admin": "inherit",
        "auth_service": "inherit",
        "authenticated": "inherit",
        "authenticator": "canlogin",
        "ironbase_owner": "inherit",
        "service_role": "bypassrls inherit",
    },
    "definer_functions": {
        # Challenges' standings and achievements: triggers on the training log (0016).
        "achievements_sets_inserted()": ["ironbase_owner"],
        "achievements_workouts_finished()": ["ironbase_owner"],
        # ``ironbase achievements rebuild`` runs it as service_role.
        "award_achievements(uuid[])": ["ironbase_owner", "service_role"],
        "challenge_parents_changed()": ["ironbase_owner"],
        "challenge_participant_fill()": ["ironbase_owner"],
        "challenge_profile_changed()": ["ironbase_owner"],
        "challenge_recompute(uuid[])": ["ironbase_owner"],
        "challenge_sets_changed()": ["ironbase_owner"],
        "challenge_standing(uuid,uuid,text,timestamp with time zone)": ["ironbase_owner"],
        # The caller's own challenge ids, for the policies on challenges.
        "my_challenge_ids()": ["app_admin", "authenticated", "ironbase_owner"],
        # Sign-up links the new person to the ambassador whose code they typed (0020).
        "redeem_referral_code(uuid,text)": ["auth_service", "ironbase_owner"],
        # Battles' standings and invitations: triggers (0021_battles).
        "battle_invitation_check()": ["ironbase_owner"],
        "battle_invitation_respond()": ["ironbase_owner"],
        "battle_parents_changed()": ["ironbase_owner"],
        "battle_participant_fill()": ["ironbase_owner"],
        "battle_profile_changed()": ["ironbase_owner"],
        "battle_recompute(uuid[])": ["ironbase_owner"],
        "battle_sets_changed()": ["ironbase_owner"],
        "battle_standing(uuid,uuid,timestamp with time zone)": ["ironbase_owner"],
        "battle_window_changed()": ["ironbase_owner"],
        # The caller's invited battle ids, for the policies on battles.
        "my_battle_ids()": ["app_admin", "authenticated", "ironbase_owner"],
        "auth.create_profile()": ["ironbase_owner"],
        # service_role's erasure functions ask it for administrators (0013).
        "auth.is_admin()": ["app_admin", "ironbase_owner", "service_role"],
        "auth.password_hash_for(text)": ["auth_service", "ironbase_owner"],
        "chain_audit_entry()": ["ironbase_owner"],
        "count_daily_rows()": ["ironbase_owner"],
        "count_daily_users()": ["ironbase_owner"],
        "gym_role(uuid)": ["app_admin", "authenticated", "ironbase_owner"],
        "log_training_changes()": ["ironbase_owner"],
        # Each kind's reporters are checked inside (migration 0009_operator_console).
        "notify_admins(text,text,jsonb)": [
            "app_admin",
            "auth_service",
            "authenticated",
            "ironbase_owner",
            "service_role",
        ],
        "settle_admin_notifications(text,text)": [
            "app_admin",
            "authenticated",
            "ironbase_owner",
            "service_role",
        ],
        # People learn which flags are on for them, never the targeting.
        "my_flags(integer[])": ["app_admin", "authenticated", "ironbase_owner"],
        # The API's login counts requests in one statement outside request transactions.
        "rate_limit_hit(text[],integer[],boolean)": ["authenticator", "ironbase_owner"],
        "workout_id_taken(uuid)": ["app_admin", "authenticated", "ironbase_owner"],
        # Privacy (0013): owned by service_role. Erasure of oneself, of someone by an
        # administrator (checked inside), and by the operator; queueing one's own export.
        "enqueue_privacy_export(uuid)": ["app_admin", "authenticated", "service_role"],
        "erase_me()": ["app_admin", "authenticated", "service_role"],
        "erase_person(uuid)": ["service_role"],
        "erase_user_as_admin(uuid)": ["app_admin", "service_role"],
        # Social (0015_social): triggers keep the card's name, end friendships on a block and
        # count likes; requests by email and a card's chosen counts tell the caller nothing more.
        "social_block_ends_friendship()": ["ironbase_owner"],
        "social_card_stats(uuid)": ["app_admin", "authenticated", "ironbase_owner"],
        "social_count_like()": ["ironbase_owner"],
        "social_profile_sync()": ["ironbase_owner"],
        "social_request_by_email(text)": ["app_admin", "authenticated", "ironbase_owner"],
        # Coaching (0019): a link's history is written by its trigger only.
        "coach_client_links_history()": ["ironbase_owner"],
    },
    "memberships": [
        ("app_admin", "authenticated"),
        ("authenticator", "anon"),
        ("authenticator", "app_admin"),
        ("authenticator", "auth_service"),
        ("authenticator", "authenticated"),
    ],
    "relations": {
        "anon": {
            "achievements": {"select": ALL},
            "ai_exercises": {"select": ALL},
            "alembic_version": {"select": ALL},
            "bar_types": {"select": ALL},
            "body_parts": {"select": ALL},
            "body_parts_translations": {"select": ALL},
            "cities": {"select": ALL},
            "equipment": {"select": ALL},
            "equipment_grip_defaults": {"select": ALL},
            "equipment_handle_orientations": {"select": ALL},
            "equipment_profiles": {"select": ALL},
            "equipment_translations": {"select": ALL},
            "exercise_aliases": {"select": ALL},
            "exercise_default_grips": {"select": ALL},
            "exercise_equipment_profiles": {"select": ALL},
            "exercise_translations": {"select": ALL},
            "exercises": {"select": ALL},
            "grips": {"select": ALL},
            "life_categories": {"select": ALL},
            "life_category_translations": {"select": ALL},
            "load_types": {"select": ALL},
            "movement_patterns": {"select": ALL},
            "muscle_groups": {"select": ALL},
            "text_translations": {"select": ALL},
            # Coaching (0019): mentor profiles are public.
            "mentor_profiles": {"select": ALL},
        },
        "app_admin": {
            "admin_audit_log": {"insert": ALL, "select": ALL},
            "admin_check_rate_limit": {"select": ALL},
            "admin_notifications": {
                "select": ALL,
                "update": ["read_at", "read_by", "resolved_at", "resolved_by"],
            },
            "daily_activity_counts": {"select": ALL},
            "ai_exercises": {"delete": ALL, "insert": ALL, "update": ALL},
            "app_flags": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "auth.users": {"update": ["banned_until", "raw_app_meta_data"]},
            "challenge_participants": {"select": ALL},
            "challenges": {"select": ALL},
            "user_achievements": {"select": ALL},
            "battle_invitations": {"select": ALL},
            "battle_participants": {"select": ALL},
            "battles": {"select": ALL},
            "bar_types": {"delete": ALL, "insert": ALL, "update": ALL},
            "body_parts": {"delete": ALL, "insert": ALL, "update": ALL},
            "body_parts_translations": {"delete": ALL, "insert": ALL, "update": ALL},
            "cities": {"delete": ALL, "insert": ALL, "update": ALL},
            "data_quality_reports": {"insert": ALL, "select": ALL},
            "equipment": {"delete": ALL, "insert": ALL, "update": ALL},
            "equipment_grip_defaults": {"delete": ALL, "insert": ALL, "update": ALL},
            "equipment_handle_orientations": {"delete": ALL, "insert": ALL, "update": ALL},
            "equipment_profiles": {"delete": ALL, "insert": ALL, "update": ALL},
            "equipment_translations": {"delete": ALL, "insert": ALL, "update": ALL},
            "exercise_aliases": {"delete": ALL, "insert": ALL, "update": ALL},
            "exercise_default_grips": {"delete": ALL, "insert": ALL, "update": ALL},
            "exercise_equipment_profiles": {"delete": ALL, "insert": ALL, "update": ALL},
            "exercise_translations": {"delete": ALL, "insert": ALL, "update": ALL},
            "exercises": {"delete": ALL, "insert": ALL, "update": ALL},
            "grips": {"delete": ALL, "insert": ALL, "update": ALL},
            "gym_admins": {"delete": ALL},
            "gyms": {"delete": ALL, "update": ["verified"]},
            "life_categories": {"delete": ALL, "insert": ALL, "update": ALL},
            "life_category_translations": {"delete": ALL, "insert": ALL, "update": ALL},
            "load_types": {"delete": ALL, "insert": ALL, "update": ALL},
            "movement_patterns": {"delete": ALL, "insert": ALL, "update": ALL},
            "muscle_groups": {"delete": ALL, "insert": ALL, "update": ALL},
            "text_translations": {"delete": ALL, "insert": ALL, "update": ALL},
            "social_post_reports": {"select": ALL},
            "social_posts": {"update": ["hidden_at", "hidden_by", "hidden_reason"]},
            "user_gyms": {"select": ALL},
            "users": {"update": ["is_pro"]},
            # Ambassadors (0020): administrators decide applications and issue codes.
            "ambassador_profiles": {
                "select": ALL,
                "update": [
                    "decided_at",
                    "decided_by",
                    "decision_note",
                    "referral_code",
                    "status",
                ],
            },
            "ambassador_referrals": {"select": ALL},
        },
        "auth_service": {
            "admin_check_rate_limit": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "auth.refresh_tokens": {
                "insert": ALL,
                "select": ALL,
                "update": ["revoked_at", "used_at"],
            },
            "auth.users": {
                "insert": ["email", "encrypted_password"],
                "select": [
                    "banned_until",
                    "created_at",
                    "email",
                    "id",
                    "last_sign_in_at",
                    "raw_app_meta_data",
                    "raw_user_meta_data",
                    "updated_at",
                ],
                "update": ["encrypted_password", "last_sign_in_at"],
            },
        },
        "authenticated": {
            "achievements": {"select": ALL},
            "challenge_participants": {
                "delete": ALL,
                "insert": ["challenge_id", "status", "user_id"],
                "select": ALL,
                "update": ["status"],
            },
            "challenges": {"insert": ALL, "select": ALL},
            "user_achievements": {"select": ALL},
            "battle_invitations": {
                "insert": ["battle_id", "invited_by", "team", "user_id"],
                "select": ALL,
                "update": ["status"],
            },
            "battle_participants": {"select": ALL},
            "battles": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ["description", "ends_at", "max_participants", "starts_at", "title"],
            },
            "admin_audit_log": {"insert": ALL},
            "privacy_exports": {"insert": ["user_id"], "select": ALL},
            "ai_exercises": {"select": ALL},
            "alembic_version": {"select": ALL},
            "auth.users": {
                "select": ["created_at", "email", "id", "last_sign_in_at", "raw_app_meta_data"]
            },
            "bar_types": {"select": ALL},
            "body_parts": {"select": ALL},
            "body_parts_translations": {"select": ALL},
            "cities": {"select": ALL},
            "equipment": {"select": ALL},
            "equipment_grip_defaults": {"select": ALL},
            "equipment_handle_orientations": {"select": ALL},
            "equipment_profiles": {"select": ALL},
            "equipment_translations": {"select": ALL},
            "exercise_aliases": {"select": ALL},
            "exercise_default_grips": {"select": ALL},
            "exercise_equipment_profiles": {"delete": ALL, "insert": ALL, "select": ALL},
            "exercise_translations": {"select": ALL},
            "exercises": {
                "delete": ALL,
                "insert": [
                    "description",
                    "difficulty",
                    "id",
                    "instructions",
                    "is_compound",
                    "is_unilateral",
                    "load_type",
                    "movement_pattern",
                    "name",
                    "primary_muscle",
                    "secondary_muscles",
                    "slug",
                    "tracking",
                    "user_id",
                ],
                "select": ALL,
                "update": [
                    "description",
                    "difficulty",
                    "instructions",
                    "is_compound",
                    "is_unilateral",
                    "load_type",
                    "movement_pattern",
                    "name",
                    "primary_muscle",
                    "retired_at",
                    "secondary_muscles",
                    "slug",
                    "tracking",
                ],
            },
            "grips": {"select": ALL},
            "gym_admins": {"insert": ALL, "select": ALL, "update": ["role"]},
            "gym_bar_types": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_dumbbell_sets": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_equipment": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_role_requests": {
                "insert": ["gym_id", "id", "note", "requested_role", "user_id"],
                "select": ALL,
                "update": ["decided_at", "decided_by", "decision_note", "status"],
            },
            "gyms": {
                "insert": [
                    "address",
                    "city_id",
                    "created_by",
                    "id",
                    "latitude",
                    "longitude",
                    "name",
                    "time_zone",
                ],
                "select": ALL,
                "update": ["address", "city_id", "latitude", "longitude", "name", "time_zone"],
            },
            "life_categories": {"select": ALL},
            "life_category_translations": {"select": ALL},
            "load_types": {"select": ALL},
            "movement_patterns": {"select": ALL},
            "muscle_groups": {"select": ALL},
            "text_translations": {"select": ALL},
            "user_gym_collars": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gym_miniweights": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gym_plates": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_blocks": {"delete": ALL, "insert": ALL, "select": ALL},
            "social_friendships": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ["accepted_at", "status"],
            },
            "social_post_comments": {"delete": ALL, "insert": ALL, "select": ALL},
            "social_post_likes": {"delete": ALL, "insert": ALL, "select": ALL},
            "social_post_reports": {"insert": ALL, "select": ALL},
            "social_posts": {
                "delete": ALL,
                "insert": [
                    "achievement",
                    "gym_id",
                    "id",
                    "text",
                    "user_id",
                    "visibility",
                    "workout_id",
                    "workout_summary",
                ],
                "select": ALL,
                "update": [
                    "achievement",
                    "gym_id",
                    "text",
                    "updated_at",
                    "visibility",
                    "workout_id",
                    "workout_summary",
                ],
            },
            "social_profiles": {"select": ALL, "update": ["avatar_url", "public_stats"]},
            "user_gyms": {"delete": ALL, "insert": ALL, "select": ALL, "update": ["is_default"]},
            "users": {
                "select": ALL,
                "update": ["display_name", "locale", "time_zone", "unit_system"],
            },
            "exercise_name_mappings": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "import_batches": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "import_pending_exercises": {"delete": ALL, "insert": ALL, "select": ALL},
            "template_exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_sets": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_templates": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workouts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "training_changes": {"select": ALL},
            # The fitness profile, readiness and cycle tracking: owner-only policies.
            "body_weight_entries": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "cycle_consents": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "cycle_events": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "readiness_checkins": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_profile_fitness": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            # Programs (0018): owner-only; the coach log is written once, never changed.
            "ai_programs": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_weeks": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_workouts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_workout_exercises": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "coach_logs": {"insert": ALL, "select": ALL},
            # Coaching (0019): links are ended, never deleted; their history is the trigger's.
            "mentor_profiles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "coach_client_links": {"insert": ALL, "select": ALL, "update": ALL},
            "coach_client_link_events": {"select": ALL},
            "coach_notes": {"delete": ALL, "insert": ALL, "select": ALL},
            # Ambassadors (0020): people edit their application, never its decision or code.
            "ambassador_profiles": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ["gym_id", "pitch", "region"],
            },
            "ambassador_referrals": {"select": ALL},
        },
        "service_role": {
            # Erasure rewrites the personal columns (the guard trigger allows nothing else).
            "admin_audit_log": {
                "insert": ALL,
                "select": ALL,
                "update": ["actor_id", "after", "before", "ip", "seal_salt", "target_id"],
            },
            "privacy_erasure_steps": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "privacy_exports": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "achievements": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "challenge_participants": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "challenges": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_achievements": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "battle_invitations": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "battle_participants": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "battles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "admin_check_rate_limit": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "admin_notifications": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "daily_activity_counts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "alembic_version": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "app_flags": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "auth.refresh_tokens": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "auth.users": {
                "delete": ALL,
                "insert": ALL,
                "select": [
                    "banned_until",
                    "created_at",
                    "email",
                    "id",
                    "last_sign_in_at",
                    "raw_app_meta_data",
                    "raw_user_meta_data",
                    "updated_at",
                ],
                "update": ALL,
            },
            "bar_types": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "body_parts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "body_parts_translations": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "cities": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "data_quality_reports": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "equipment": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "equipment_grip_defaults": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "equipment_handle_orientations": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "equipment_profiles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "equipment_translations": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "exercise_aliases": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "exercise_aliases_id_seq": {"select": ALL, "usage": ALL},
            "exercise_default_grips": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "exercise_equipment_profiles": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "exercise_translations": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "grips": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_admins": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_bar_types": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_dumbbell_sets": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_equipment": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gym_role_requests": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "gyms": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "life_categories": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "life_category_translations": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "load_types": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "movement_patterns": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "muscle_groups": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "text_translations": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gym_collars": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gym_miniweights": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gym_plates": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_blocks": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_friendships": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_post_comments": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_post_likes": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_post_reports": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_posts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "social_profiles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_gyms": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "users": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "exercise_name_mappings": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "import_batches": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "import_pending_exercises": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "template_exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "training_change_heads": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "training_changes": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_exercises": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_sets": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workout_templates": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "workouts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            # System jobs (export, erasure, backups) reach every person's rows, cycle data too.
            "body_weight_entries": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "cycle_consents": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "cycle_events": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "readiness_checkins": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "user_profile_fitness": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_programs": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_weeks": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_workouts": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ai_program_workout_exercises": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "coach_logs": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "mentor_profiles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "coach_client_links": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "coach_client_link_events": {
                "delete": ALL,
                "insert": ALL,
                "select": ALL,
                "update": ALL,
            },
            "coach_notes": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ambassador_profiles": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
            "ambassador_referrals": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
        },
    },
}


# Commissions (0022): the ledger is append-only (erasure alone deletes and nulls the
# referred person); deals are proposed by ambassadors and decided by gym admins (status).
INTENDED["definer_functions"].update(
    {
        "ambassador_commission_accruals_reversal()": ["ironbase_owner"],
        "ambassador_commission_agreements_no_overlap()": ["ironbase_owner"],
        "ambassador_gym_deals_no_overlap()": ["ironbase_owner"],
        "ambassador_gym_deals_transition()": ["ironbase_owner"],
    }
)
INTENDED["relations"]["app_admin"].update(
    {
        "ambassador_commission_accruals": {"insert": ALL, "select": ALL},
        "ambassador_commission_agreements": {
            "insert": ALL,
            "select": ALL,
            "update": ["revoked_at", "revoked_by", "status", "valid_until"],
        },
        "ambassador_gym_deals": {"select": ALL},
    }
)
INTENDED["relations"]["authenticated"].update(
    {
        "ambassador_commission_accruals": {"select": ALL},
        "ambassador_commission_agreements": {"select": ALL},
        "ambassador_gym_deals": {
            "insert": [
                "amount",
                "currency",
                "event_kind",
                "gym_id",
                "kind",
                "note",
                "rate",
                "user_id",
                "valid_from",
                "valid_until",
            ],
            "select": ALL,
            "update": ["status"],
        },
    }
)
INTENDED["relations"]["service_role"].update(
    {
        "ambassador_commission_accruals": {
            "delete": ALL,
            "insert": ALL,
            "select": ALL,
            "update": ["referred_user_id"],
        },
        "ambassador_commission_agreements": {
            "delete": ALL,
            "insert": ALL,
            "select": ALL,
            "update": ALL,
        },
        "ambassador_gym_deals": {"delete": ALL, "insert": ALL, "select": ALL, "update": ALL},
    }
)


@pytest.fixture(scope="module")
async def actual(owner_url: str) -> dict[str, Any]:
    conn = await asyncpg.connect(owner_url)
    try:
        return await actual_privileges(conn)
    finally:
        await conn.close()


@pytest.mark.parametrize("section", sorted(INTENDED))
def test_roles_match_the_intended_table(actual: dict[str, Any], section: str) -> None:
    assert actual[section] == INTENDED[section]


@pytest.mark.parametrize("role", sorted(INTENDED["relations"]))
def test_relation_privileges_of_each_role(actual: dict[str, Any], role: str) -> None:
    # Per role as well, so a failure names the role and shows a readable diff.
    assert actual["relations"].get(role) == INTENDED["relations"][role]


def test_the_api_login_reaches_only_the_request_roles(actual: dict[str, Any]) -> None:
    reached = {role for member, role in actual["memberships"] if member == "authenticator"}
    assert reached == {"anon", "authenticated", "app_admin", "auth_service"}
    assert actual["attributes"]["authenticator"] == "canlogin"  # no inherit, nothing else


async def test_no_role_but_the_owner_can_read_password_hashes(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        readers = await conn.fetch(
            "select r.rolname from pg_roles r where r.rolname = any($1::text[]) "
            "and has_column_privilege(r.oid, 'auth.users', 'encrypted_password', 'SELECT')",
            list(ROLES),
        )
    finally:
        await conn.close()
    assert [r["rolname"] for r in readers] == ["ironbase_owner"]
