"""Errors of the project; each carries the HTTP status the API answers."""


class NovaException(Exception):
    """Base error: a message template formatted with keyword arguments."""

    msg_fmt = 'An unknown error occurred.'
    code = 500
    safe = False  # whether the message may be shown to non-admin users

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if 'code' not in kwargs:
            kwargs['code'] = self.code
        if message is None:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError, ValueError):
                message = self.msg_fmt
        self.message = str(message)
        super().__init__(self.message)

    def format_message(self):
        return self.message


class DBNotAllowed(NovaException):
    msg_fmt = ('%(binary)s must not use the database (called from '
               '%(caller)s): go through the conductor instead.')


class Invalid(NovaException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400
    safe = True


class ValidationError(Invalid):
    msg_fmt = 'Invalid input for field/attribute %(field)s. %(detail)s'


class InstanceNotRescuable(Invalid):
    msg_fmt = 'Instance %(instance_id)s cannot be rescued: %(reason)s'


class InvalidInput(Invalid):
    msg_fmt = 'Invalid input received: %(reason)s'


class InvalidSortKey(Invalid):
    msg_fmt = 'Sort key %(key)s is not supported.'


class InvalidAPIVersionString(Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'
    code = 400


class FlavorDiskTooSmall(Invalid):
    msg_fmt = ('Flavor\'s disk is too small for requested image. Flavor disk '
               'is %(flavor_size)i bytes, image is %(image_size)i bytes.')


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = ('Flavor\'s memory is too small for requested image: the '
               'image needs %(image_min_ram)i MiB.')


class InvalidMetadata(Invalid):
    msg_fmt = 'Invalid metadata: %(reason)s'


class ConsoleTypeInvalid(Invalid):
    msg_fmt = 'Invalid console type %(console_type)s'


class ConsoleTypeUnavailable(Invalid):
    msg_fmt = 'Unavailable console type %(console_type)s.'


class InvalidMarker(Invalid):
    msg_fmt = 'Marker %(marker)s could not be found.'


class NotAuthorized(NovaException):
    msg_fmt = 'Not authorized.'
    code = 403
    safe = True


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = 'Policy doesn\'t allow %(action)s to be performed.'


class NotFound(NovaException):
    msg_fmt = 'Resource could not be found.'
    code = 404
    safe = True


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class InstanceTagNotFound(NotFound):
    msg_fmt = 'Server %(instance_id)s has no tag \'%(tag)s\'.'


class TooManyTags(Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(limit)d.'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorExtraSpecsNotFound(NotFound):
    msg_fmt = ('Flavor %(flavor_id)s has no extra specs with key '
               '%(extra_specs_key)s.')


class FlavorAccessNotFound(NotFound):
    msg_fmt = ('Flavor access not found for %(flavor_id)s / %(project_id)s '
               'combination.')


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageMetadataKeyNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s has no metadata with key %(key)s.'


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class AvailabilityZoneNotFound(NotFound):
    msg_fmt = 'Availability zone %(zone)s could not be found.'


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = ('Cannot %(action)s aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class TaskAlreadyRunning(NovaException):
    msg_fmt = 'Task %(task_name)s is already running on host %(host)s'


class TaskNotRunning(NovaException):
    msg_fmt = 'Task %(task_name)s is not running on host %(host)s'


class InstanceActionNotFound(NotFound):
    msg_fmt = ('Action for request_id %(request_id)s on instance '
               '%(instance_uuid)s not found')


class MigrationNotFound(NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class InvalidMigrationState(Invalid):
    msg_fmt = ('Migration %(migration_id)s state of instance '
               '%(instance_uuid)s is %(state)s. Cannot %(method)s while the '
               'migration is in this state.')


class InvalidToken(NotFound):
    msg_fmt = 'The token \'%(token)s\' is invalid or has expired'


class MarkerNotFound(Invalid):
    msg_fmt = 'Marker %(marker)s could not be found.'


class LiveMigrationAborted(NovaException):
    msg_fmt = 'Live migration of instance %(instance_uuid)s was aborted.'


class NoRunningLiveMigration(NovaException):
    msg_fmt = 'Instance %(instance_uuid)s has no live migration running here.'


class Conflict(NovaException):
    msg_fmt = 'Conflict.'
    code = 409
    safe = True


class UnshelveInstanceInvalidState(Conflict):
    msg_fmt = ('An availability zone is only taken when unshelving a '
               'server in vm_state shelved_offloaded; server '
               '%(instance_uuid)s is %(state)s.')


class ClientTokenInUse(Conflict):
    msg_fmt = ('A request with client token %(token)s is still being '
               'processed; retry it later.')


class ClientTokenUsed(Conflict):
    msg_fmt = ('Client token %(token)s made reservation %(reservation_id)s, '
               'whose servers are deleted; use a new token for a new '
               'request.')


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with name %(name)s already exists.'


class FlavorIdExists(Conflict):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class FlavorAccessExists(Conflict):
    msg_fmt = ('Flavor access already exists for flavor %(flavor_id)s and '
               'project %(project_id)s combination.')


class KeyPairExists(Conflict):
    msg_fmt = 'Key pair \'%(key_name)s\' already exists.'


class ServiceExists(Conflict):
    msg_fmt = 'Service with host %(host)s binary %(binary)s exists.'


class ComputeNodeExists(Conflict):
    msg_fmt = 'Compute node for host %(host)s exists.'


class InstanceInvalidState(Conflict):
    msg_fmt = ('Cannot \'%(action)s\' instance %(instance_uuid)s while it is '
               'in %(attr)s %(state)s')


class OverQuota(NovaException):
    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but already '
               'used %(used)s of %(allowed)s %(overs)s')
    code = 403
    safe = True


class TooManyInstances(OverQuota):
    pass


class OnsetFileLimitExceeded(OverQuota):
    msg_fmt = 'Personality file limit exceeded'


class OnsetFilePathLimitExceeded(OverQuota):
    msg_fmt = 'Personality file path exceeds maximum %(allowed)s'


class OnsetFileContentLimitExceeded(OverQuota):
    msg_fmt = 'Personality file content exceeds maximum %(allowed)s'


class KeypairLimitExceeded(OverQuota):
    msg_fmt = 'Maximum number of key pairs exceeded'


class MetadataLimitExceeded(OverQuota):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class NoValidHost(NovaException):
    msg_fmt = 'No valid host was found. %(reason)s'
    code = 500
    safe = True


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class ServiceOutage(NovaException):
    """A service the request needs is unreachable; what the request had
    done was undone (nova.outages answers it as 503)."""
    msg_fmt = ('%(what)s is unavailable; the request was undone. Retry it '
               'later.')
    code = 503
    safe = True


class BuildAbortException(NovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s aborted: %(reason)s'


class TaskTimedOut(NovaException):
    msg_fmt = ('Timed out after %(elapsed)d s in task_state %(task_state)s '
               'on host %(host)s (deadline %(deadline)d s, [deadlines] '
               '%(option)s).')


class TaskInterrupted(NovaException):
    msg_fmt = ('The compute service on %(host)s restarted during task_state '
               '%(task_state)s; %(outcome)s')


class GuestVanished(NovaException):
    msg_fmt = ('The guest of instance %(instance_uuid)s is no longer on '
               'host %(host)s, where the server was %(vm_state)s.')


class InstanceExists(NovaException):
    msg_fmt = 'Instance %(name)s already exists on this hypervisor.'


class HypervisorUnavailable(NovaException):
    msg_fmt = 'Connection to the hypervisor is broken on host: %(host)s'


class VirtDriverNotFound(NovaException):
    msg_fmt = 'Could not load the virt driver %(name)s.'


class ObjectActionError(NovaException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


class OrphanedObjectError(NovaException):
    msg_fmt = 'Cannot call %(method)s on orphaned %(objtype)s object'


class ImageUnacceptable(Invalid):
    msg_fmt = 'Image %(image_id)s is unacceptable: %(reason)s'


class ImageTooLarge(NovaException):
    msg_fmt = 'Image is larger than the allowed %(max)s bytes.'
    code = 413
    safe = True


class ImageStorageQuotaExceeded(NovaException):
    msg_fmt = ('Image storage quota of project %(project_id)s exceeded: '
               'it holds %(used)d bytes of %(quota)d and this upload needs '
               '%(size)d more. Delete images or ask for a larger quota.')
    code = 413
    safe = True


class ImageStoreFull(NovaException):
    msg_fmt = ('The image store has no room for this image: %(reason)s. '
               'Deleting images frees space.')
    code = 507
    safe = True


class ServiceTooOld(Conflict):
    msg_fmt = ('%(method)s needs RPC version %(version)s of the %(topic)s '
               'service, above the cap %(cap)s of a rolling upgrade '
               '([upgrade_levels] %(topic)s): try again once every '
               '%(topic)s service is upgraded and the pin is lifted.')
    safe = True


class ConfigError(NovaException):
    msg_fmt = 'Configuration error: %(reason)s'


class UnexpectedStateError(Conflict):
    msg_fmt = ('Instance %(instance_uuid)s: expected %(field)s in '
               '%(expected)s but it is %(actual)s.')


class UnexpectedTaskStateError(UnexpectedStateError):
    pass


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    pass


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class InstanceNotReady(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not ready'


class InstancePasswordSetFailed(Conflict):
    msg_fmt = ('Failed to set admin password on %(instance)s because '
               '%(reason)s')
