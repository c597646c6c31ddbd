# frozen_string_literal: true

require "test_helper"

# One client shared by many Ruby threads.
class TestConcurrency < Minitest::Test
  def test_one_client_serves_many_threads_at_once
    client = StandIn.client
    threads = 8.times.map do |worker|
      Thread.new do
        10.times.map do |call|
          user = StandIn.unique("w#{worker}c#{call}")
          call.even? ? [client.access_token(user), "at-#{user}"] : [client.id_token(user), "idt-#{user}"]
        end
      end
    end
    threads.flat_map(&:value).each { |got, expected| assert_equal expected, got }
  end

  def test_slow_calls_overlap_because_the_gvl_is_released
    client = StandIn.client
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    4.times.map { Thread.new { client.access_token(StandIn.scenario("delay_ms=500")) } }.each(&:value)
    # Four 500 ms answers one after the other would take 2 s.
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 1.5
  end
end
