// fetch_token USER_ID: prints the SSO access token Base44 holds for USER_ID.
// Configuration comes from BASE44_APP_ID, BASE44_SERVICE_TOKEN and BASE44_API_URL.
#include <iostream>

#include <b44sso.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fetch_token USER_ID\n";
    return 2;
  }
  try {
    const b44sso::Client client = b44sso::Client::from_env();
    std::cout << client.access_token(argv[1]) << "\n";
  } catch (const b44sso::Error& error) {
    std::cerr << error.what() << "\n";  // e.g. b44sso: B44_ERR_NOT_FOUND (HTTP 404, ...): ...
    return error.code() == b44sso::Code::not_found ? 3 : 1;
  }
}
