/*
 * routes.c — the route table: method, pattern, handler, who may use it,
 * body limit, flags. Access is decided from this table only (router.c).
 */
#include "web/api.h"
#include "web/pages.h"
#include "web/router.h"

#define KB (1024u)
#define MB (1024u * 1024u)
#define ANY ROLES_ANY_USER
#define PUBLIC (ROLES_PUBLIC | ROLES_ANY_USER)
#define ANALYST ROLE_BIT(ROLE_ANALYST)
#define ADMIN ROLE_BIT(ROLE_ADMIN)
/* citizen-level data: only the roles that work with citizens, in their subtree */
#define CITIZEN (ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_PRACTITIONER))
#define PRACTITIONER ROLE_BIT(ROLE_PRACTITIONER)
/* plans: leaders write, in their own subtree (checked by actions_plan.c) */
#define LEADER ROLE_BIT(ROLE_LEADER)

const struct route routes[] = {
	/* pages */
	{"GET", "/", page_overview, ANY, 0, 0},
	{"GET", "/login", page_login, PUBLIC, 0, 0},
	{"POST", "/login", page_login_post, PUBLIC, 4 * KB, ROUTE_NO_CSRF},
	{"POST", "/logout", page_logout, ANY, 4 * KB, 0},
	{"GET", "/pejlemaerker/{}", page_pejlemaerke, ANY, 0, 0},
	{"GET", "/goals/{}", page_goal, ANY, 0, 0},
	{"GET", "/goals/{}/edit", page_goal_edit, ANALYST, 0, 0},
	{"POST", "/goals/{}/versions", page_goal_version_post, ANALYST, 64 * KB, 0},
	{"POST", "/goals/{}/commentary", page_commentary_post, ANALYST, 64 * KB, 0},
	{"GET", "/units", page_units, ANY, 0, 0},
	{"GET", "/strategy", page_strategy, ANY, 0, 0},
	{"POST", "/strategy", page_strategy_post, ANALYST, 16 * MB, 0},
	{"GET", "/measurements/new", page_entry, ANALYST, 0, 0},
	{"POST", "/measurements", page_entry_post, ANALYST, 16 * KB, 0},
	{"GET", "/imports", page_import, ANALYST, 0, 0},
	{"POST", "/imports", page_import_post, ANALYST, 32 * MB, 0},
	{"GET", "/audit", page_audit, ADMIN, 0, 0},
	{"GET", "/feedback", page_feedback, CITIZEN, 0, 0},
	{"GET", "/feedback/sessions/new", page_session_form, PRACTITIONER, 0, 0},
	{"GET", "/feedback/alerts", page_feedback_alerts, CITIZEN, 0, 0},
	{"GET", "/feedback/episodes/{}", page_episode, CITIZEN, 0, 0},
	{"POST", "/feedback/sessions", page_session_post, PRACTITIONER, 8 * KB, 0},
	{"GET", "/access-log", page_access_log, ADMIN, 0, 0},
	{"GET", "/plans", page_plans, ANY, 0, 0},
	{"GET", "/plans/new", page_plan_new, LEADER, 0, 0},
	{"POST", "/plans", page_plan_create, LEADER, 64 * KB, 0},
	{"GET", "/plans/{}", page_plan, ANY, 0, 0},
	{"GET", "/plans/{}/edit", page_plan_edit, LEADER, 0, 0},
	{"POST", "/plans/{}", page_plan_update, LEADER, 64 * KB, 0},
	{"POST", "/plans/{}/initiatives", page_initiative_save, LEADER, 64 * KB, 0},
	{"POST", "/plans/{}/approve", page_plan_approve, LEADER, 8 * KB, 0},
	{"POST", "/plans/{}/archive", page_plan_archive, LEADER, 8 * KB, 0},
	{"POST", "/plans/{}/versions", page_plan_version, LEADER, 8 * KB, 0},
	{"POST", "/initiatives/{}/progress", page_initiative_progress, LEADER, 16 * KB, 0},
	{"GET", "/redthread", page_redthread, ANY, 0, 0},
	{"GET", "/redthread/gaps", page_redthread_gaps, ANY, 0, 0},
	{"GET", "/static/pejl.css", page_css, PUBLIC, 0, 0},
	{"GET", "/favicon.ico", page_favicon, PUBLIC, 0, 0},
	/* the published edition (static files, read-only, no login) */
	{"GET", "/offentlig", page_public, PUBLIC, 0, 0},
	{"GET", "/offentlig/{*}", page_public, PUBLIC, 0, 0},
	/* API */
	{"GET", "/api/v1/openapi.json", api_openapi, PUBLIC, 0, ROUTE_API},
	{"POST", "/api/v1/session", api_session_post, PUBLIC, 4 * KB, ROUTE_API | ROUTE_NO_CSRF},
	{"DELETE", "/api/v1/session", api_session_delete, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/me", api_me, ANY, 0, ROUTE_API},
	{"POST", "/api/v1/tokens", api_token_post, ANY, 0, ROUTE_API},
	{"DELETE", "/api/v1/tokens/{}", api_token_delete, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/status", api_status, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/strategy", api_strategy, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/goals", api_goals, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/goals/{}", api_goal, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/goals/{}/observations", api_observations, ANY, 0, ROUTE_API},
	{"POST", "/api/v1/goals/{}/observations", api_observation_post, ANALYST, 16 * KB, ROUTE_API},
	{"POST", "/api/v1/goals/{}/versions", api_goal_version_post, ANALYST, 64 * KB, ROUTE_API},
	{"POST", "/api/v1/goals/{}/commentary", api_commentary_post, ANALYST, 64 * KB, ROUTE_API},
	{"POST", "/api/v1/imports", api_import, ANALYST, 32 * MB, ROUTE_API},
	{"GET", "/api/v1/units", api_units, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/audit", api_audit, ADMIN, 0, ROUTE_API},
	{"GET", "/api/v1/feedback/outcomes", api_feedback_outcomes, CITIZEN, 0, ROUTE_API},
	{"POST", "/api/v1/feedback/sessions", api_session_record, PRACTITIONER, 8 * KB, ROUTE_API},
	{"GET", "/api/v1/feedback/alerts", api_feedback_alerts, CITIZEN, 0, ROUTE_API},
	{"GET", "/api/v1/feedback/aggregates", api_feedback_aggregates, ROLE_BIT(ROLE_LEADER) | ANALYST | ADMIN, 0, ROUTE_API},
	{"GET", "/api/v1/plans", api_plans, ANY, 0, ROUTE_API},
	{"POST", "/api/v1/plans", api_plan_post, LEADER, 1 * MB, ROUTE_API},
	{"GET", "/api/v1/plans/{}", api_plan, ANY, 0, ROUTE_API},
	{"POST", "/api/v1/plans/{}", api_plan_put, LEADER, 1 * MB, ROUTE_API},
	{"POST", "/api/v1/plans/{}/approve", api_plan_approve, LEADER, 8 * KB, ROUTE_API},
	{"POST", "/api/v1/plans/{}/archive", api_plan_archive, LEADER, 8 * KB, ROUTE_API},
	{"POST", "/api/v1/plans/{}/versions", api_plan_version, LEADER, 8 * KB, ROUTE_API},
	{"POST", "/api/v1/initiatives/{}/progress", api_initiative_progress, LEADER, 64 * KB, ROUTE_API},
	{"GET", "/api/v1/redthread", api_redthread, ANY, 0, ROUTE_API},
	{"GET", "/api/v1/redthread/gaps", api_redthread_gaps, ANY, 0, ROUTE_API},
};

const size_t nroutes = sizeof routes / sizeof routes[0];
