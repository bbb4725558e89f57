"""The Getty Images v3 sandbox: a real HTTP server answering like Getty, over a generated catalogue.

Start it with `python manage.py sandbox` (port 8701, key sandbox-getty-key / sandbox-getty-secret, user demo /
demo-password) or in tests with the `getty` fixture (tests/fixtures/getty.py). What a client meets:

- `POST /oauth2/token` (form-encoded; client_id/client_secret in the form or HTTP Basic): client_credentials,
  password (adds refresh_token; expires_in arrives as a string) and refresh_token grants. Bad client →
  400 invalid_client; bad user or refresh token → 400 invalid_grant. Tokens live `token_lifetime` seconds on
  the sandbox clock; an expired or unknown bearer token on any /v3 call → 401 {"message": "Unauthorized"}.
- Every /v3 call needs `Api-Key`; token calls and /v3 calls count against the key's QPS limit (429 +
  X-Error-Detail) and daily cap (403 + X-Error-Detail "Account Over Rate Limit"). Unknown path or method →
  403 {"message": "Missing Authentication Token"}.
- Products of every key (ids stable): 40101 premiumaccess (500 a month, no requirements), 40102
  editorialsubscription (editorial only; needs download_notes and a project_code from FRONTLIST-2026,
  BACKLIST, MARKETING), 40103 imagepack (3 downloads: OverageLimitReached on the 4th), 40104 an expired,
  inactive royaltyfreesubscription. A download without product_id/product_type spends the first active
  product that can license the asset (as the official SDKs expect); a blank product_id, or a product_type
  held twice without product_id → 400 MissingRequiredQueryParameters.
- Download history lists the key's downloads; `user` is null for downloads made with an app token.
- Asset-change channels: 3801 (creative), 3802 (editorial). `app.announce_change(id, "Delete")` withdraws the
  asset (404 on metadata, gone from search); `"Update"` with `changes={"title": ...}` alters what Getty says.
- Preview and delivery URIs are signed (a changed or missing signature → 403); delivery links expire 24 hours
  after the download on the sandbox clock. Previews paint the theme's subject in the light, weather and
  features the title names, in a palette and composition of the asset's own (previews.py, looks.py).
- A download's JSON body may be `null` (the official SDKs send it when no details are given): no body.
- `GET /` (no key): the sandbox's page of downloads, usage batches, asset changes and products.
"""
