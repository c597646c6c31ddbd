# frozen_string_literal: true

require "test_helper"

# The process-wide token cache through one client: hits, invalidate, stats, option keys.
class TestCache < Minitest::Test
  def test_a_jwt_is_served_from_the_cache_the_second_time
    client = StandIn.client
    user = StandIn.jwt_user
    first = client.access_token(user)
    assert_equal 3, first.split(".").size, "a JWT"
    assert_equal first, client.access_token(user), "a second fetch would be numbered differently"
    stats = client.stats
    assert_equal [1, 1, 1], [stats.requests, stats.cache_misses, stats.cache_hits]
    assert_equal 1, StandIn.requests_containing(StandIn.tag_of(user)).size
  end

  def test_with_the_cache_off_every_call_fetches
    client = StandIn.client(cache: "off")
    user = StandIn.jwt_user
    refute_equal client.access_token(user), client.access_token(user)
    assert_equal [2, 0], [client.stats.requests, client.stats.cache_hits]
  end

  def test_invalidate_drops_the_cached_token
    client = StandIn.client
    user = StandIn.jwt_user
    first = client.access_token(user)
    assert_nil client.invalidate(user)
    second = client.access_token(user)
    refute_equal first, second
    assert_equal second, client.access_token(user)
    stats = client.stats
    assert_equal [2, 2, 1], [stats.requests, stats.cache_misses, stats.cache_hits]
  end

  def test_the_cache_and_invalidate_span_every_client_of_the_process
    first_client = StandIn.client
    second_client = StandIn.client
    user = StandIn.jwt_user
    token = first_client.access_token(user)
    assert_equal token, second_client.access_token(user)
    assert_equal [0, 1], [second_client.stats.requests, second_client.stats.cache_hits]
    second_client.invalidate(user)
    refute_equal token, first_client.access_token(user)
  end

  def test_invalidate_refuses_nul_bytes_and_closed_clients
    client = StandIn.client
    error = assert_b44_error(B44SSO::InvalidArgumentError) { client.invalidate("a\0b") }
    assert_match(/user_id/, error.message)
    client.close
    assert_raises(B44SSO::ClosedError) { client.invalidate("alice") }
  end

  def test_stats_start_at_zero_and_count_requests_retries_and_errors
    client = StandIn.client(max_retries: 2)
    assert_equal B44SSO::Stats.new(requests: 0, cache_hits: 0, cache_misses: 0, coalesced_waits: 0, retries: 0,
                                   errors: 0), client.stats
    client.access_token(StandIn.scenario("status=503&times=1"))
    assert_raises(B44SSO::NotFoundError) { client.access_token(StandIn.scenario("status=404")) }
    stats = client.stats
    assert_equal [3, 1, 1], [stats.requests, stats.retries, stats.errors]
    assert_predicate stats, :frozen?
    assert_equal %i[requests cache_hits cache_misses coalesced_waits retries errors], stats.to_h.keys
    assert_equal 0, StandIn.client.stats.requests, "counters are per client"
  end

  def test_concurrent_misses_for_one_token_make_one_request
    client = StandIn.client
    user = StandIn.scenario("jwt_exp=600&delay_ms=300")
    tokens = Array.new(4) { Thread.new { client.access_token(user) } }.map(&:value)
    assert_equal 1, tokens.uniq.size
    stats = client.stats
    assert_equal [1, 1], [stats.requests, stats.cache_misses]
    assert_operator stats.coalesced_waits, :>=, 1
    assert_equal 4, stats.cache_misses + stats.coalesced_waits + stats.cache_hits
  end

  def test_stats_of_a_closed_client_raise_closed_error
    client = StandIn.client
    client.close
    assert_raises(B44SSO::ClosedError) { client.stats }
  end

  def test_cache_skew_s_decides_whether_a_short_lived_jwt_is_cached
    user = StandIn.jwt_user(30) # expires within the default 60 s skew: never served
    client = StandIn.client
    refute_equal client.access_token(user), client.access_token(user)
    skewless = StandIn.client(cache_skew_s: 0)
    other = StandIn.jwt_user(30)
    assert_equal skewless.access_token(other), skewless.access_token(other)
  end

  def test_cache_ttl_s_caches_opaque_tokens
    user = StandIn.unique("opaque")
    client = StandIn.client(cache_ttl_s: 60)
    2.times { assert_equal "at-#{user}", client.access_token(user) }
    assert_equal [1, 1], [client.stats.requests, client.stats.cache_hits]
    uncached = StandIn.client
    2.times { uncached.access_token(StandIn.unique("opaque")) }
    assert_equal [2, 0], [uncached.stats.requests, uncached.stats.cache_hits]
  end

  def test_the_new_option_keys_are_accepted_and_checked_by_name
    client = StandIn.client(cache_ttl_s: 60, cache_skew_s: 0, cache_refresh_s: 0, cache_max_entries: 100,
                            max_connections: 2)
    assert_equal "at-opal", client.access_token("opal")
    { cache_ttl_s: 86_401, cache_skew_s: -1, cache_refresh_s: "soon", cache_max_entries: 0,
      max_connections: 65 }.each do |key, value|
      error = assert_b44_error(B44SSO::InvalidArgumentError) { StandIn.client(key => value) }
      assert_match(/#{key}/, error.message)
    end
  end
end
