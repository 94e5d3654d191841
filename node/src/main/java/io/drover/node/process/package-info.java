/**
 * One actor per managed process ({@code ProcessActor}: supervisord's state machine, startsecs/backoff/stopwait
 * timers, the child's pid) and one per group ({@code GroupActor}).
 */
package io.drover.node.process;
