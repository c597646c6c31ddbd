# frozen_string_literal: true

# Shared by the tests: the stand-in started by Tests/StandIn/with-standin.sh,
# clients pointed at it, unique scenario ids, and a look at what it received.
require "json"
require "net/http"
require "timeout"
require "minitest/autorun"
require "b44sso"

module StandIn
  module_function

  def env(name)
    ENV.fetch(name) { abort "#{name} is not set: run under Tests/StandIn/with-standin.sh (see run_tests.sh)" }
  end

  def url
    env("B44SSO_TEST_URL")
  end

  def app_id
    env("B44SSO_TEST_APP_ID")
  end

  def service_token
    env("B44SSO_TEST_SERVICE_TOKEN")
  end

  # Options for the stand-in; no retries so failing scenarios end quickly.
  def options(**extra)
    { app_id: app_id, service_token: service_token, server_url: url, timeout_ms: 10_000,
      max_retries: 0 }.merge(extra)
  end

  def client(**extra)
    B44SSO::Client.new(**options(**extra))
  end

  @next = 0
  @next_lock = Mutex.new

  # A text no other test (or test process) uses.
  def unique(prefix)
    number = @next_lock.synchronize { @next += 1 }
    "#{prefix}-rb-#{Process.pid}-#{number}"
  end

  # A scenario user id with a fresh times= counter.
  def scenario(params)
    "!#{params}&tag=#{unique('t')}"
  end

  # A scenario user id whose tokens are JWTs expiring in `seconds` (cacheable), each
  # fetch numbered differently: the same token twice proves a cache hit.
  def jwt_user(seconds = 600)
    scenario("jwt_exp=#{seconds}")
  end

  # The tag= part of a scenario id: it reaches the stand-in unencoded.
  def tag_of(scenario_id)
    scenario_id[/tag=([^&]+)/, 1]
  end

  # The requests the stand-in logged whose raw path or headers contain `marker`.
  def requests_containing(marker)
    body = Net::HTTP.get(URI("#{url}/__admin/requests"))
    JSON.parse(body).select { |request| JSON.generate(request).include?(marker) }
  end
end

module B44SSOAssertions
  # Asserts that the block raises `error_class` and returns the exception.
  def assert_b44_error(error_class, &block)
    error = assert_raises(error_class, &block)
    assert_equal error_class, error.class
    error
  end

  # Pops `count` items from `queue`, failing after `seconds`.
  def pop_within(queue, count: 1, seconds: 10)
    Timeout.timeout(seconds) { Array.new(count) { queue.pop } }
  end

  def elapsed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  end
end

Minitest::Test.include(B44SSOAssertions)
