# frozen_string_literal: true

require "test_helper"

# The process-wide log handler.
class TestLogging < Minitest::Test
  def teardown
    B44SSO.clear_log_handler
  end

  def collect(level)
    lines = Queue.new
    B44SSO.on_log(level) { |line_level, message| lines << [line_level, message] }
    -> { Array.new(lines.size) { lines.pop } }
  end

  def test_debug_lines_report_requests_and_failures_without_secrets
    lines = collect(:debug)
    user = StandIn.unique("log")
    client = StandIn.client
    client.access_token(user)
    assert_raises(B44SSO::NotFoundError) { client.access_token(StandIn.scenario("status=404")) }
    seen = lines.call
    assert(seen.any? { |level, message| level == :debug && message.include?(user) }, seen.inspect)
    assert(seen.any? { |level, message| level == :warn && message.include?("404") }, seen.inspect)
    seen.each { |_, message| refute_includes message, StandIn.service_token }
  end

  def test_the_level_filters_lines
    lines = collect(:warn)
    StandIn.client.access_token(StandIn.unique("quiet"))
    assert_empty lines.call
  end

  def test_an_exception_in_the_handler_does_not_break_the_call
    B44SSO.on_log(:debug) { raise "handler bug" }
    assert_equal "at-olga", StandIn.client.access_token("olga")
  end

  def test_cleared_handlers_get_nothing
    lines = collect(:debug)
    B44SSO.clear_log_handler
    assert_raises(B44SSO::ServerError) { StandIn.client.access_token(StandIn.scenario("status=500")) }
    assert_empty lines.call
  end

  def test_caller_threads_drop_the_lines_of_library_threads
    client = StandIn.client
    %i[all callers].each do |threads|
      lines = collect(:debug)
      B44SSO.log_threads = threads
      async_user = StandIn.unique("async-log")
      blocking_user = StandIn.unique("blocking-log")
      done = Queue.new
      client.access_token_async(async_user) { |token, error| done << [token, error] }
      assert_equal [["at-#{async_user}", nil]], pop_within(done)
      client.access_token(blocking_user)
      seen = lines.call
      assert(seen.any? { |_, message| message.include?(blocking_user) }, "#{threads}: #{seen.inspect}")
      assert_equal threads == :all, seen.any? { |_, message| message.include?(async_user) }, "#{threads}: #{seen.inspect}"
    end
  ensure
    B44SSO.log_threads = :all
  end

  def test_bad_log_threads_are_refused
    assert_raises(ArgumentError) { B44SSO.log_threads = :some }
  end

  def test_bad_levels_are_refused
    assert_raises(ArgumentError) { B44SSO.on_log(:loud) { nil } }
    assert_raises(ArgumentError) { B44SSO.on_log(:info) }
  end
end
