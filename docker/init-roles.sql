-- Runs once when the PostgreSQL container initializes its data folder.
-- The service logs in as switchyard_login, an unprivileged member of switchyard_app (the runtime
-- role every transaction switches to); migrations run as the superuser named by POSTGRES_USER.
CREATE ROLE switchyard_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE ROLE switchyard_login LOGIN PASSWORD 'switchyard_login' NOSUPERUSER NOBYPASSRLS IN ROLE switchyard_app;
