import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService, ApiKeysService, AuditService, type Actor, type ApiKeyView, type NewApiKey, type UserView } from '@app/identity';
import { TrainingError } from '../training.error';
import { Provider } from './provider.entity';

export interface ProviderView {
  id: string;
  name: string;
  ukprn: string;
  createdAt: string;
}

const view = (p: Provider): ProviderView => ({ id: p.id, name: p.name, ukprn: p.ukprn, createdAt: p.createdAt.toISOString() });

/**
 * Training provider organisations, their users (invited) and their API keys.
 * Cohorts, enrolments and reporting join this lib with the training issue.
 */
@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  /** Registers a provider; a UKPRN can belong to one provider only. */
  async create(input: { name: string; ukprn: string }, actor: Actor): Promise<ProviderView> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(Provider, { ukprn: input.ukprn })) {
        throw new TrainingError('ukprn_taken', `A provider with UKPRN ${input.ukprn} already exists`, [{ field: 'ukprn', message: 'is already registered' }]);
      }
      const provider = manager.create(Provider, { name: input.name.trim(), ukprn: input.ukprn });
      await manager.save(provider);
      await this.audit.record(manager, actor, { action: 'provider.created', target: { type: 'provider', id: provider.id }, after: { name: provider.name, ukprn: provider.ukprn } });
      return view(provider);
    });
  }

  async list(): Promise<ProviderView[]> {
    return (await this.dataSource.getRepository(Provider).find({ order: { name: 'ASC' } })).map(view);
  }

  async get(id: string): Promise<ProviderView> {
    const provider = await this.dataSource.getRepository(Provider).findOneBy({ id });
    if (!provider) throw new TrainingError('provider_not_found', 'No training provider with that id');
    return view(provider);
  }

  /** Invites a user for the provider; they set a password through the emailed link. */
  async inviteUser(providerId: string, input: { email: string; fullName: string }, actor: Actor): Promise<UserView> {
    const provider = await this.get(providerId);
    return this.accounts.invite({ ...input, role: 'provider', providerId, providerName: provider.name }, actor);
  }

  async listUsers(providerId: string): Promise<UserView[]> {
    await this.get(providerId);
    return (await this.accounts.list({ providerId })).items;
  }

  /** A new API key for the provider, shown once. */
  async createApiKey(providerId: string, name: string, actor: Actor): Promise<NewApiKey> {
    await this.get(providerId);
    return this.apiKeys.create(providerId, name, actor);
  }

  async listApiKeys(providerId: string): Promise<ApiKeyView[]> {
    await this.get(providerId);
    return this.apiKeys.list(providerId);
  }

  async revokeApiKey(providerId: string, keyId: string, actor: Actor): Promise<ApiKeyView> {
    await this.get(providerId);
    return this.apiKeys.revoke(providerId, keyId, actor);
  }
}
