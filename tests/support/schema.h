/* schema.h - a JSON Schema validator for the part of OpenAPI 3.0's schema
 * dialect that saywho's document uses, for tests that check examples and live
 * answers against it (a test helper, not product code).
 *
 * Understood: type (string, integer, number, boolean, object, array),
 * nullable (which, as OpenAPI 3.0.3 says, allows null only beside a type:
 * a nullable allOf/oneOf needs an {"type": ..., "nullable": true, "enum":
 * [null]} branch instead), properties, required, additionalProperties (false or a schema),
 * items, minItems, maxItems, enum, oneOf (exactly one), anyOf, allOf, $ref
 * (local "#/..." JSON pointers into the document), format (date, date-time;
 * int32, int64, float and double as range or no-op annotations), minimum,
 * maximum, minLength, maxLength (in code points) and pattern (POSIX extended
 * regular expression, unanchored as in JSON Schema). Annotations
 * (description, example, examples, default, title, readOnly, writeOnly,
 * deprecated) are ignored. Any other keyword is an error, so a schema the
 * validator cannot judge is never passed silently. */
#ifndef SAYWHO_TEST_SCHEMA_H
#define SAYWHO_TEST_SCHEMA_H

#include <jansson.h>
#include <stddef.h>

/* Checks value against schema; doc is the document $refs point into (may be
 * NULL when the schema has none). Returns 0 when value is valid, -1 when it is
 * not or the schema is unusable, with "at <JSON path>: what" in err. Borrows
 * every argument. */
int schema_validate(json_t *doc, json_t *schema, json_t *value, char *err, size_t cap);

/* What a local $ref ("#/components/schemas/X") points at in doc, borrowed;
 * NULL when it does not resolve. */
json_t *schema_resolve(json_t *doc, const char *ref);

#endif
