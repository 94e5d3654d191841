/**
 * droverctl: supervisorctl's command shell over XML-RPC. {@link io.drover.ops.ctl.Controller} parses a command line
 * as Python's {@code cmd} module does and dispatches to the command classes, which print supervisorctl's exact texts
 * and set its exit codes; {@link io.drover.ops.ctl.PyError} carries the errors supervisorctl reports as a Python
 * exception line.
 */
package io.drover.ops.ctl;
