# frozen_string_literal: true

require "rbconfig"
require "test_helper"

# Client#access_token_async: the block runs later, on another thread, exactly once.
class TestAsync < Minitest::Test
  def client
    @client ||= StandIn.client
  end

  def test_success_gives_the_token_on_another_thread
    results = Queue.new
    user = StandIn.unique("async")
    assert_nil(client.access_token_async(user) { |token, error| results << [token, error, Thread.current] })
    token, error, thread = pop_within(results).first
    assert_equal "at-#{user}", token
    assert_nil error
    refute_equal Thread.current, thread
  end

  def test_failure_gives_the_error_with_its_fields
    results = Queue.new
    client.access_token_async(StandIn.scenario("status=404&body=detail_code")) { |*args| results << args }
    token, error = pop_within(results).first
    assert_nil token
    assert_instance_of B44SSO::NotFoundError, error
    assert_equal [404, "SCENARIO_CODE"], [error.status, error.api_code]
    assert_match(/scenario detail/, error.message)
    assert_includes error.body, "SCENARIO_CODE"
  end

  def test_a_timeout_arrives_as_a_timeout_error
    results = Queue.new
    StandIn.client(timeout_ms: 300).access_token_async(StandIn.scenario("hang=1")) { |*args| results << args }
    token, error = pop_within(results).first
    assert_nil token
    assert_instance_of B44SSO::TimeoutError, error
  end

  def test_every_call_calls_back_exactly_once
    users = Array.new(40) { StandIn.unique("once") }
    results = Queue.new
    users.each { |user| client.access_token_async(user) { |token, error| results << [user, token, error] } }
    delivered = pop_within(results, count: users.size)
    sleep 0.3
    assert_empty results, "no call back twice"
    assert_equal users.sort, delivered.map(&:first).sort
    delivered.each { |user, token, error| assert_equal ["at-#{user}", nil], [token, error] }
    assert_equal 0, B44SSO::Async.pending_count
  end

  def test_bad_input_raises_at_once_and_never_calls_back
    called = false
    ["", "a\nb", "x" * 1025, "bad-\xff".b].each do |user|
      error = assert_b44_error(B44SSO::InvalidArgumentError) { client.access_token_async(user) { called = true } }
      assert_match(/user_id/, error.message)
    end
    assert_b44_error(B44SSO::InvalidArgumentError) { client.access_token_async("a\0b") { called = true } }
    sleep 0.2
    refute called
    assert_equal 0, B44SSO::Async.pending_count
  end

  def test_a_block_is_required
    assert_raises(ArgumentError) { client.access_token_async("alice") }
  end

  def test_a_closed_client_raises_closed_error
    client.close
    assert_raises(B44SSO::ClosedError) { client.access_token_async("alice") { nil } }
  end

  def test_closing_the_client_does_not_cancel_a_pending_call
    results = Queue.new
    user = StandIn.scenario("delay_ms=300")
    client.access_token_async(user) { |*args| results << args }
    client.close
    assert_equal ["at-#{user}", nil], pop_within(results).first
  end

  def test_an_exception_in_the_block_is_reported_and_the_next_call_works
    ran = Queue.new
    _, err = capture_io do
      client.access_token_async(StandIn.unique("raise")) do
        ran << true
        raise "block bug"
      end
      pop_within(ran)
      Timeout.timeout(5) { sleep 0.01 until $stderr.string.include?("block bug") }
    end
    assert_match(/access_token_async block raised RuntimeError: block bug/, err)
    results = Queue.new
    user = StandIn.unique("after")
    client.access_token_async(user) { |token, _| results << token }
    assert_equal ["at-#{user}"], pop_within(results)
  end

  def test_async_calls_share_the_token_cache
    results = Queue.new
    user = StandIn.jwt_user
    client.access_token_async(user) { |token, _| results << token }
    token = pop_within(results).first
    assert_equal token, client.access_token(user)
    assert_equal [1, 1], [client.stats.requests, client.stats.cache_hits]
  end

  def test_a_block_may_call_the_client
    results = Queue.new
    first = StandIn.unique("outer")
    second = StandIn.unique("inner")
    client.access_token_async(first) { |token, _| results << [token, client.access_token(second)] }
    assert_equal [["at-#{first}", "at-#{second}"]], pop_within(results)
  end

  def test_get_access_token_async_is_the_c_name_of_the_same_method
    assert_equal B44SSO::Client.instance_method(:access_token_async),
                 B44SSO::Client.instance_method(:get_access_token_async)
  end

  def test_a_program_may_exit_while_calls_call_back
    # Library threads may still call back while Ruby shuts down; the trampoline must
    # outlive the finalizers that run at exit. Several exit moments, to hit that window.
    [0, 0.04, 0.06, 0.08].each do |pause|
      out = IO.popen([RbConfig.ruby, "-I#{File.expand_path('../lib', __dir__)}", "-e", <<~RUBY], err: %i[child out], &:read)
        require "b44sso"
        client = B44SSO::Client.new(app_id: ENV["B44SSO_TEST_APP_ID"], service_token: ENV["B44SSO_TEST_SERVICE_TOKEN"],
                                    server_url: ENV["B44SSO_TEST_URL"], max_connections: 8)
        60.times { |i| client.access_token_async("!delay_ms=\#{40 + i}&tag=exit-\#{Process.pid}-\#{i}") { |*| sleep 0.001 } }
        sleep #{pause}
        puts "done"
      RUBY
      assert_equal "done\n", out, "pause #{pause}"
      assert $?.success?, "exit status #{$?.inspect} after pause #{pause}"
    end
  end
end
