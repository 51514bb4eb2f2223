"""Who signed an EC2 request: the RequestContext it runs as."""

from nova.api.ec2 import credentials
from nova.api.ec2 import faults
from nova.api.ec2 import keystone
from nova.api.ec2 import signature
from nova import context as nova_context


def authenticate(conf, req, params, request_id):
    """A RequestContext for a correctly signed, fresh request.

    Anything else (unsigned, unknown key, wrong signature, too old) is an
    AuthFailure.
    """
    signed = signature.parse_request(req, params)
    signature.check_time(signed, conf.ec2.timestamp_expiry)
    token = None
    if conf.api.auth_strategy == 'keystone':
        user_id, project_id, roles, token = keystone.validate(
            conf, signed, req, params)
    else:
        cred = credentials.get(nova_context.get_admin_context(),
                               signed.access)
        if cred is None or not signed.matches(cred.secret):
            raise faults.auth_failure()
        user_id, project_id = cred.user_id, cred.project_id
        # As noauth2: the user admin is the administrator.
        roles = ['member', 'reader'] + (['admin'] if user_id == 'admin'
                                        else [])
    return nova_context.RequestContext(
        user_id=user_id, project_id=project_id, roles=roles,
        is_admin='admin' in roles, auth_token=token,
        remote_address=req.remote_addr, request_id=request_id)
