/* Fetches one user's Base44 SSO access token through the C API.
 * Configuration from the environment: BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_API_URL. */
#include <b44sso.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s USER_ID\n", argv[0]);
    return 2;
  }
  b44_client *client = NULL;
  b44_error *err = NULL;
  if (b44_client_new_from_env(&client, &err) != B44_OK) {
    fprintf(stderr, "config: %s\n", b44_error_message(err));
    b44_error_free(err);
    return 1;
  }
  char *token = NULL;
  b44_code code = b44_sso_get_access_token(client, argv[1], &token, &err);
  if (code == B44_OK) {
    printf("%s\n", token);
    b44_string_free(token);
  } else {
    fprintf(stderr, "%s (HTTP %d): %s\n", b44_code_name(code), b44_error_http_status(err),
            b44_error_message(err));
    b44_error_free(err);
  }
  b44_client_free(client);
  return code == B44_OK ? 0 : 1;
}
