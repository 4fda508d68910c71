--liquibase formatted sql

--changeset action-alerts:0024-saved-replies
-- Replies attorneys send often, in English and Spanish; admins add and remove them (/api/v1/saved-replies).
CREATE TABLE saved_replies (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    language    TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO saved_replies (language, title, body, created_at) VALUES
  ('en', 'We received your request', 'We received your request for legal help. An attorney will contact you soon. Do not sign anything before you talk to us.', '2026-01-01T00:00:00Z'),
  ('en', 'Please send the A-number', 'Please send us the A-number (the 9-digit Alien Registration Number) of the person detained, and where they are held if you know.', '2026-01-01T00:00:00Z'),
  ('es', 'Recibimos su solicitud', 'Recibimos su solicitud de ayuda legal. Un abogado se comunicará con usted pronto. No firme nada antes de hablar con nosotros.', '2026-01-01T00:00:00Z'),
  ('es', 'Envíe el número A', 'Por favor envíenos el número A (el número de registro de extranjero de 9 dígitos) de la persona detenida, y dónde está si lo sabe.', '2026-01-01T00:00:00Z');
