# frozen_string_literal: true

require "pathname"
require "tempfile"
require "test_helper"

# Client.new keywords: every key accepted, bad keys and values refused, secrets hidden.
class TestOptions < Minitest::Test
  def test_every_option_key_is_accepted
    Tempfile.create(["ca", ".pem"]) do |ca|
      client = B44SSO::Client.new(
        app_id: StandIn.app_id, service_token: StandIn.service_token, user_token: "ut-gina",
        server_url: StandIn.url, state: "st", data_env: "prod", timeout_ms: 5000,
        connect_timeout_ms: 2000, max_retries: 1, ca_file: Pathname(ca.path),
        user_agent: "ruby-options-test", cache: :off
      )
      assert_equal "at-gina", client.access_token("gina")
    end
    # A proxy is only used when connecting, so building is the whole check here.
    StandIn.client(proxy: "http://127.0.0.1:9", cache: "auto")
  end

  def test_nil_leaves_the_default
    assert_equal "at-hal", StandIn.client(state: nil, user_agent: nil).access_token("hal")
  end

  def test_an_unknown_key_is_refused_by_name
    error = assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(colour: "blue") }
    assert_match(/colour/, error.message)
  end

  def test_out_of_range_values_are_refused_by_key
    { timeout_ms: 0, connect_timeout_ms: 600_001, max_retries: 11, data_env: "staging",
      cache: "sometimes" }.each do |key, value|
      error = assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(key => value) }
      assert_match(/#{key}/, error.message)
    end
  end

  def test_control_characters_and_nul_bytes_in_values_are_refused
    assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(state: "a\r\nInjected: yes") }
    error = assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(state: "a\0b") }
    assert_match(/state/, error.message)
  end

  def test_an_unparseable_server_url_is_an_invalid_argument
    error = assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(server_url: "not a url") }
    assert_match(/server_url/, error.message)
  end

  def test_an_unreadable_ca_file_is_a_config_error
    assert_b44_error(B44SSO::ConfigError) { StandIn.client(ca_file: "/nonexistent/ca.pem") }
  end

  def test_inspect_hides_secrets
    client = StandIn.client(user_token: "ut-secret-user")
    [client.inspect, client.to_s].each do |shown|
      refute_includes shown, StandIn.service_token
      refute_includes shown, "ut-secret"
    end
  end
end
