# frozen_string_literal: true

require "set"
require "test_helper"

# Client#access_tokens: many users in one call.
class TestBatch < Minitest::Test
  def client
    @client ||= StandIn.client
  end

  def test_tokens_come_back_in_the_order_of_the_ids
    users = Array.new(6) { StandIn.unique("batch") }
    assert_equal users.map { |user| "at-#{user}" }, client.access_tokens(users)
  end

  def test_a_repeated_id_is_fetched_once
    first = StandIn.unique("dup")
    second = StandIn.unique("dup")
    uncached = StandIn.client(cache: "off")
    assert_equal ["at-#{first}", "at-#{second}", "at-#{first}", "at-#{first}"],
                 uncached.access_tokens([first, second, first, first])
    assert_equal 1, StandIn.requests_containing(first).size
    assert_equal 2, uncached.stats.requests
  end

  def test_any_enumerable_and_the_empty_list
    users = Set[StandIn.unique("set"), StandIn.unique("set")]
    assert_equal users.map { |user| "at-#{user}" }, client.access_tokens(users)
    assert_equal [], client.access_tokens([])
  end

  def test_the_first_failure_in_id_order_is_raised
    ok = StandIn.unique("ok")
    error = assert_b44_error(B44SSO::NotFoundError) do
      client.access_tokens([ok, StandIn.scenario("status=404&body=detail_code"), StandIn.scenario("status=500")])
    end
    assert_equal [404, "SCENARIO_CODE"], [error.status, error.api_code]
    assert_b44_error(B44SSO::ServerError) do
      client.access_tokens([StandIn.scenario("status=500"), StandIn.scenario("status=404"), ok])
    end
  end

  def test_with_exception_false_each_failure_stands_in_its_place
    ok = StandIn.unique("ok")
    not_found = StandIn.scenario("status=404&body=detail_code")
    results = client.access_tokens([ok, "", not_found, "bad-\xff".b, ok], exception: false)
    assert_equal 5, results.size
    assert_equal ["at-#{ok}", "at-#{ok}"], [results[0], results[4]]
    assert_instance_of B44SSO::InvalidArgumentError, results[1]
    assert_nil results[1].status
    assert_instance_of B44SSO::NotFoundError, results[2]
    assert_equal [404, "SCENARIO_CODE"], [results[2].status, results[2].api_code]
    assert_equal({ "detail" => "scenario detail", "code" => "SCENARIO_CODE" }, JSON.parse(results[2].body))
    assert_instance_of B44SSO::InvalidArgumentError, results[3]
    assert_match(/UTF-8/, results[3].message)
  end

  def test_a_nul_byte_refuses_the_whole_batch_before_anything_is_sent
    marker = StandIn.unique("nul")
    error = assert_b44_error(B44SSO::InvalidArgumentError) { client.access_tokens([marker, "a\0b"]) }
    assert_match(/user_ids\[1\]/, error.message)
    assert_empty StandIn.requests_containing(marker)
  end

  def test_a_lone_string_or_nil_is_not_a_list_of_ids
    assert_raises(TypeError) { client.access_tokens("alice") }
    assert_raises(TypeError) { client.access_tokens(nil) }
  end

  def test_cached_tokens_come_from_the_cache
    user = StandIn.jwt_user
    token = client.access_token(user)
    other = StandIn.unique("other")
    assert_equal [token, "at-#{other}"], client.access_tokens([user, other])
    assert_equal [2, 1], [client.stats.requests, client.stats.cache_hits]
  end

  def test_users_are_fetched_concurrently_up_to_max_connections
    parallel = Array.new(4) { StandIn.scenario("delay_ms=300") }
    assert_operator elapsed { StandIn.client(max_connections: 4).access_tokens(parallel) }, :<, 1.0
    serial = Array.new(4) { StandIn.scenario("delay_ms=300") }
    assert_operator elapsed { StandIn.client(max_connections: 1).access_tokens(serial) }, :>=, 1.1
  end

  def test_log_lines_from_the_library_threads_reach_the_handler
    lines = Queue.new
    B44SSO.on_log(:debug) { |_level, message| lines << message }
    users = Array.new(6) { StandIn.unique("logged") }
    Timeout.timeout(10) { StandIn.client(max_connections: 3).access_tokens(users) }
    B44SSO.clear_log_handler
    seen = Array.new(lines.size) { lines.pop }
    users.each { |user| assert(seen.any? { |line| line.include?(user) }, "a line for #{user}") }
  ensure
    B44SSO.clear_log_handler
  end

  def test_a_closed_client_raises_closed_error
    client.close
    assert_raises(B44SSO::ClosedError) { client.access_tokens(["alice"]) }
    assert_raises(B44SSO::ClosedError) { client.access_tokens([]) }
  end
end
