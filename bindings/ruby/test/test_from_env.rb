# frozen_string_literal: true

require "test_helper"

# Client.from_env. Each test sets exactly the BASE44_* variables it needs and
# restores the environment afterwards (minitest runs tests one at a time).
class TestFromEnv < Minitest::Test
  VARIABLES = %w[BASE44_APP_ID BASE44_SERVICE_TOKEN BASE44_USER_TOKEN BASE44_API_URL BASE44_CA_FILE].freeze

  def with_environment(vars)
    saved = VARIABLES.to_h { |name| [name, ENV.fetch(name, nil)] }
    VARIABLES.each { |name| ENV.delete(name) }
    vars.each { |name, value| ENV[name] = value }
    yield
  ensure
    saved.each { |name, value| ENV[name] = value }
  end

  def test_a_client_from_the_environment_works
    with_environment("BASE44_APP_ID" => StandIn.app_id, "BASE44_SERVICE_TOKEN" => StandIn.service_token,
                     "BASE44_USER_TOKEN" => "ut-hana", "BASE44_API_URL" => StandIn.url) do
      client = B44SSO::Client.from_env
      assert_equal "at-hana", client.access_token("hana")
      assert_equal "hana@example.com", client.me["email"]
    end
  end

  def test_a_missing_app_id_is_a_config_error
    with_environment("BASE44_SERVICE_TOKEN" => StandIn.service_token, "BASE44_API_URL" => StandIn.url) do
      assert_b44_error(B44SSO::ConfigError) { B44SSO::Client.from_env }
    end
  end

  def test_an_unreadable_ca_file_is_a_config_error
    with_environment("BASE44_APP_ID" => StandIn.app_id, "BASE44_SERVICE_TOKEN" => StandIn.service_token,
                     "BASE44_API_URL" => StandIn.url, "BASE44_CA_FILE" => "/nonexistent/ca.pem") do
      assert_b44_error(B44SSO::ConfigError) { B44SSO::Client.from_env }
    end
  end
end
