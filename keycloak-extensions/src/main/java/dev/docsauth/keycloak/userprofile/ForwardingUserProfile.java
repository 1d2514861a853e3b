package dev.docsauth.keycloak.userprofile;

import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.AbstractUserRepresentation;
import org.keycloak.userprofile.AttributeChangeListener;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.ValidationException;

/** A user profile that hands every call to another; wrappers override what they add to. */
public abstract class ForwardingUserProfile implements UserProfile {

    protected final UserProfile delegate;

    protected ForwardingUserProfile(UserProfile delegate) {
        this.delegate = delegate;
    }

    @Override
    public void update(boolean removeAttributes, AttributeChangeListener... changeListener) throws ValidationException {
        delegate.update(removeAttributes, changeListener);
    }

    @Override
    public UserModel create() throws ValidationException {
        return delegate.create();
    }

    @Override
    public UserModel create(boolean validate) throws ValidationException {
        return delegate.create(validate);
    }

    @Override
    public void validate() throws ValidationException {
        delegate.validate();
    }

    @Override
    public Attributes getAttributes() {
        return delegate.getAttributes();
    }

    @Override
    public <R extends AbstractUserRepresentation> R toRepresentation(boolean full) {
        return delegate.toRepresentation(full);
    }
}
