# frozen_string_literal: true

require "test_helper"

# Successful calls against the stand-in, and what the library sends for them.
class TestCalls < Minitest::Test
  def test_access_token_for_a_user
    user = StandIn.unique("alice")
    assert_equal "at-#{user}", StandIn.client.access_token(user)
  end

  def test_id_token_for_a_user
    user = StandIn.unique("bob")
    assert_equal "idt-#{user}", StandIn.client.id_token(user)
  end

  def test_me_returns_the_user_as_a_hash_and_as_json
    user = StandIn.unique("carol")
    client = StandIn.client(user_token: "ut-#{user}")
    me = client.me
    assert_equal user, me["id"]
    assert_equal "#{user}@example.com", me["email"]
    assert_nil me["full_name"]
    assert_equal false, me["disabled"]
    assert_equal me, JSON.parse(client.me_json)
  end

  def test_tokens_are_utf8_strings
    user = "é中-#{StandIn.unique('u')}"
    token = StandIn.client.id_token(user)
    assert_equal "idt-#{user}", token
    assert_equal Encoding::UTF_8, token.encoding
  end

  def test_user_ids_are_sent_as_one_percent_encoded_segment
    marker = StandIn.unique("seg")
    user = "a/b?c#d #{marker}"
    assert_equal "at-#{user}", StandIn.client.access_token(user)
    paths = StandIn.requests_containing(marker).map { |r| r["path"] }
    assert_includes paths, "/api/apps/#{StandIn.app_id}/auth/sso/accesstoken/a%2Fb%3Fc%23d%20#{marker}"
  end

  def test_sso_call_with_a_user_token_is_on_behalf_of_that_user
    user = StandIn.unique("dave")
    assert_equal "at-#{user}", StandIn.client(user_token: "ut-#{user}").access_token(user)
    sent = StandIn.requests_containing(user)
    assert_equal 1, sent.size
    assert_equal "Bearer ut-#{user}", sent.first["headers"]["on-behalf-of"]
  end

  def test_user_agent_state_and_data_env_are_sent
    marker = StandIn.unique("ua")
    client = StandIn.client(user_agent: "ruby-test/#{marker}", state: "state-#{marker}", data_env: :dev)
    client.access_token(marker)
    headers = StandIn.requests_containing("state-#{marker}").first.fetch("headers")
    assert_equal "b44sso/#{B44SSO.library_version} ruby-test/#{marker}", headers["user-agent"]
    assert_equal "state-#{marker}", headers["base44-state"]
    assert_equal "dev", headers["x-data-env"]
  end

  def test_a_retryable_failure_is_retried
    user = StandIn.scenario("status=503&times=1")
    assert_equal "at-#{user}", StandIn.client(max_retries: 2).access_token(user)
  end

  def test_non_string_user_ids_are_converted
    assert_equal "at-42", StandIn.client.access_token(42)
  end

  def test_sso_calls_need_a_service_token
    client = B44SSO::Client.new(app_id: StandIn.app_id, user_token: "ut-erin", server_url: StandIn.url)
    assert_b44_error(B44SSO::ConfigError) { client.access_token("erin") }
    assert_b44_error(B44SSO::ConfigError) { client.id_token("erin") }
  end

  def test_me_needs_a_user_token
    assert_b44_error(B44SSO::ConfigError) { StandIn.client.me }
  end
end
