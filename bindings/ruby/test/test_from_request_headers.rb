# frozen_string_literal: true

require "test_helper"

# Client.from_request_headers: a Hash, pairs or a Rack env; names in any case.
class TestFromRequestHeaders < Minitest::Test
  def service_auth
    "Bearer #{StandIn.service_token}"
  end

  def test_a_hash_with_names_in_any_case
    client = B44SSO::Client.from_request_headers(
      "base44-APP-id" => StandIn.app_id, "BASE44-SERVICE-AUTHORIZATION" => service_auth,
      "Base44-Api-Url" => StandIn.url, "Content-Type" => "application/json"
    )
    assert_equal "at-ivan", client.access_token("ivan")
  end

  def test_pairs_with_a_user_token_state_and_data_env
    state = "state-#{StandIn.unique('hdr')}"
    client = B44SSO::Client.from_request_headers(
      [["Base44-App-Id", StandIn.app_id], ["Base44-Service-Authorization", service_auth],
       ["Authorization", "Bearer ut-judy"], ["Base44-Api-Url", StandIn.url],
       ["Base44-State", state], ["X-Data-Env", "dev"]]
    )
    assert_equal "judy@example.com", client.me["email"]
    assert_equal "at-judy", client.access_token("judy")
    sent = StandIn.requests_containing(state)
    assert_equal 2, sent.size
    sent.each { |request| assert_equal "dev", request["headers"]["x-data-env"] }
  end

  def test_a_rack_env
    state = "state-#{StandIn.unique('rack')}"
    env = { "HTTP_BASE44_APP_ID" => StandIn.app_id, "HTTP_BASE44_SERVICE_AUTHORIZATION" => service_auth,
            "HTTP_BASE44_API_URL" => StandIn.url, "HTTP_BASE44_STATE" => state,
            "REQUEST_METHOD" => "POST", "rack.input" => StringIO.new("{}"), "rack.version" => [1, 3] }
    assert_equal "at-kai", B44SSO::Client.from_request_headers(env).access_token("kai")
    assert_equal 1, StandIn.requests_containing(state).size
  end

  def test_an_unknown_data_env_is_dropped
    state = StandIn.unique("env")
    B44SSO::Client.from_request_headers(
      "Base44-App-Id" => StandIn.app_id, "Base44-Service-Authorization" => service_auth,
      "Base44-Api-Url" => StandIn.url, "Base44-State" => state, "X-Data-Env" => "staging"
    ).access_token("kim")
    sent = StandIn.requests_containing(state)
    assert_equal 1, sent.size
    refute sent.first["headers"].key?("x-data-env")
  end

  def test_a_missing_app_id_is_a_config_error
    assert_b44_error(B44SSO::ConfigError) do
      B44SSO::Client.from_request_headers("Base44-Service-Authorization" => service_auth)
    end
    assert_b44_error(B44SSO::ConfigError) { B44SSO::Client.from_request_headers({}) }
  end

  def test_an_app_id_without_tokens_is_a_config_error
    assert_b44_error(B44SSO::ConfigError) do
      B44SSO::Client.from_request_headers("Base44-App-Id" => StandIn.app_id, "Base44-Api-Url" => StandIn.url)
    end
  end

  def test_malformed_authorization_headers_are_invalid_arguments
    [["Base44-Service-Authorization", "Token abc"], ["Base44-Service-Authorization", "Bearer  abc"],
     ["Base44-Service-Authorization", "Bearer "], %w[Authorization bearer-ut-x], ["Authorization", "Bearer a b"]]
      .each do |name, value|
      headers = { "Base44-App-Id" => StandIn.app_id, "Base44-Api-Url" => StandIn.url, name => value }
      error = assert_b44_error(B44SSO::InvalidArgumentError) { B44SSO::Client.from_request_headers(headers) }
      refute_includes error.message, "abc"
    end
  end

  def test_a_nul_byte_in_a_header_is_an_invalid_argument
    error = assert_b44_error(B44SSO::InvalidArgumentError) do
      B44SSO::Client.from_request_headers("Base44-App-Id" => "app\0test")
    end
    assert_match(/Base44-App-Id/, error.message)
  end
end
