# frozen_string_literal: true

require "socket"
require "test_helper"

# Every error kind the library can report, reached against the stand-in, with its fields.
class TestErrors < Minitest::Test
  def client
    @client ||= StandIn.client
  end

  def test_invalid_argument_for_bad_user_ids_sends_nothing
    marker = StandIn.unique("bad")
    ["", "a\nb", "tab\there", "del\x7f", marker + "x" * 1025, "bad-\xff-#{marker}".b].each do |user|
      error = assert_b44_error(B44SSO::InvalidArgumentError) { client.access_token(user) }
      assert_equal :invalid_argument, error.kind
      assert_equal "B44_ERR_INVALID_ARGUMENT", error.code_name
      assert_equal 1, error.code
      assert_nil error.status
      assert_nil error.api_code
      assert_nil error.body
      refute_empty error.message
      assert_b44_error(B44SSO::InvalidArgumentError) { client.id_token(user) }
    end
    assert_empty StandIn.requests_containing(marker)
  end

  def test_invalid_argument_for_a_nul_in_the_user_id
    error = assert_b44_error(B44SSO::InvalidArgumentError) { client.access_token("ali\0ce") }
    assert_match(/user_id/, error.message)
  end

  def test_config_without_app_id_or_tokens
    error = assert_b44_error(B44SSO::ConfigError) do
      B44SSO::Client.new(service_token: StandIn.service_token, server_url: StandIn.url)
    end
    assert_match(/app_id/, error.message)
    assert_equal :config, error.kind
    assert_b44_error(B44SSO::ConfigError) { B44SSO::Client.new(app_id: StandIn.app_id, server_url: StandIn.url) }
  end

  def test_config_for_plain_http_to_a_remote_host
    error = assert_b44_error(B44SSO::ConfigError) { StandIn.client(server_url: "http://base44.example.com") }
    assert_match(/server_url/, error.message)
  end

  def test_unauthorized_for_a_wrong_service_token
    wrong = StandIn.client(service_token: "svc-wrong-token")
    error = assert_b44_error(B44SSO::UnauthorizedError) { wrong.access_token("alice") }
    assert_equal [401, :unauthorized], [error.status, error.kind]
    assert_match(/Unauthorized/, error.message)
    refute_includes error.body.to_s, "svc-wrong-token"
  end

  def test_forbidden_for_another_users_token
    error = assert_b44_error(B44SSO::ForbiddenError) { StandIn.client(user_token: "ut-alice").access_token("bob") }
    assert_equal [403, "FORBIDDEN"], [error.status, error.api_code]
    assert_match(/requesting user/, error.message)
  end

  def test_not_found_with_api_code_message_and_body
    error = assert_b44_error(B44SSO::NotFoundError) do
      client.access_token(StandIn.scenario("status=404&body=detail_code"))
    end
    assert_equal [404, "SCENARIO_CODE", :not_found], [error.status, error.api_code, error.kind]
    assert_match(/scenario detail/, error.message)
    assert_equal({ "detail" => "scenario detail", "code" => "SCENARIO_CODE" }, JSON.parse(error.body))
  end

  def test_rate_limited_after_retries
    error = assert_b44_error(B44SSO::RateLimitedError) do
      client.id_token(StandIn.scenario("status=429&body=message"))
    end
    assert_equal [429, "MSG_CODE"], [error.status, error.api_code]
    assert_match(/scenario message/, error.message)
  end

  def test_server_error_with_a_nested_error_object
    error = assert_b44_error(B44SSO::ServerError) { client.access_token(StandIn.scenario("status=500&body=error")) }
    assert_equal [500, "NESTED_CODE"], [error.status, error.api_code]
    assert_match(/nested message/, error.message)
    assert_includes error.body, "outer detail"
  end

  def test_server_error_with_a_connector_header_and_an_empty_body
    connector = assert_b44_error(B44SSO::ServerError) do
      client.access_token(StandIn.scenario("status=502&body=connector"))
    end
    assert_equal [502, "CONNECTOR_X"], [connector.status, connector.api_code]
    empty = assert_b44_error(B44SSO::ServerError) { client.access_token(StandIn.scenario("status=500&body=empty")) }
    assert_equal [500, nil, nil], [empty.status, empty.api_code, empty.body]
  end

  def test_error_bodies_never_hold_the_clients_secrets
    error = assert_b44_error(B44SSO::ServerError) do
      StandIn.client(user_token: "ut-frank").access_token(StandIn.scenario("status=500&body=echo"))
    end
    assert_includes error.body, "[REDACTED]"
    [StandIn.service_token, "ut-frank"].each do |secret|
      [error.body, error.message, error.inspect, error.full_message].each { |text| refute_includes text, secret }
    end
  end

  def test_http_error_for_other_statuses_and_redirects
    teapot = assert_b44_error(B44SSO::HTTPError) { client.access_token(StandIn.scenario("status=418")) }
    assert_equal [418, :http], [teapot.status, teapot.kind]
    redirect = assert_b44_error(B44SSO::HTTPError) { client.access_token(StandIn.scenario("redirect=1")) }
    assert_equal 302, redirect.status
  end

  def test_network_error_when_the_server_drops_the_connection
    error = assert_b44_error(B44SSO::NetworkError) { client.access_token(StandIn.scenario("drop=before")) }
    assert_nil error.status
    assert_equal :network, error.kind
  end

  def test_network_error_when_nothing_listens
    port = TCPServer.open("127.0.0.1", 0) { |server| server.addr[1] }
    closed = StandIn.client(server_url: "http://127.0.0.1:#{port}")
    assert_b44_error(B44SSO::NetworkError) { closed.access_token("alice") }
  end

  def test_timeout_when_the_server_never_answers
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    error = assert_b44_error(B44SSO::TimeoutError) do
      StandIn.client(timeout_ms: 300).access_token(StandIn.scenario("hang=1"))
    end
    assert_nil error.status
    assert_equal :timeout, error.kind
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 5
  end

  def test_tls_error_when_the_server_does_not_speak_tls
    tls = StandIn.client(server_url: StandIn.url.sub("http://", "https://"))
    error = assert_b44_error(B44SSO::TLSError) { tls.access_token("alice") }
    assert_equal :tls, error.kind
  end

  def test_protocol_error_for_answers_that_are_not_tokens
    %w[invalid_json html empty_token wrong_type null].each do |shape|
      error = assert_b44_error(B44SSO::ProtocolError) { client.access_token(StandIn.scenario("shape=#{shape}")) }
      assert_equal 200, error.status, shape
    end
  end

  def test_every_error_is_a_standard_error_with_its_message
    error = assert_b44_error(B44SSO::InvalidArgumentError) { client.access_token("") }
    assert_kind_of StandardError, error
    assert_kind_of B44SSO::Error, error
    assert_equal error.message, error.to_s
    assert_match(/kind=:invalid_argument/, error.inspect)
  end
end
