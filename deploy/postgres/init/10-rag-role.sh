#!/bin/sh
# Runs once, when the postgres image creates its database: the chatbot API's own role, which owns schema rag
# in Keycloak's database and has no rights on Keycloak's tables.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v rag_password="$RAG_DB_PASSWORD" <<'SQL'
CREATE ROLE rag LOGIN PASSWORD :'rag_password';
CREATE SCHEMA rag AUTHORIZATION rag;
SQL
