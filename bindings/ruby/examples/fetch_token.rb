# frozen_string_literal: true

# Prints a user's SSO access token.
#
#   BASE44_APP_ID=... BASE44_SERVICE_TOKEN=... ruby -Ilib examples/fetch_token.rb USER_ID
require "b44sso"

user_id = ARGV.fetch(0) { abort "usage: fetch_token.rb USER_ID" }
begin
  client = B44SSO::Client.from_env
  puts client.access_token(user_id)
rescue B44SSO::NotFoundError
  abort "Base44 holds no SSO token for #{user_id}"
rescue B44SSO::Error => e
  abort "#{e.code_name}#{e.status ? " (HTTP #{e.status})" : ''}: #{e.message}"
ensure
  client&.close
end
