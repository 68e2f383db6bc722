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

  /**
   * Corrects a provider's name or UKPRN (a UKPRN still belongs to one
   * provider only); audited with what changed.
   */
  async update(id: string, changes: { name?: string; ukprn?: string }, actor: Actor): Promise<ProviderView> {
    return this.dataSource.transaction(async (manager) => {
      const provider = await manager.findOne(Provider, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!provider) throw new TrainingError('provider_not_found', 'No training provider with that id');
      const before = { name: provider.name, ukprn: provider.ukprn };
      if (changes.ukprn !== undefined && changes.ukprn !== provider.ukprn) {
        if (await manager.findOneBy(Provider, { ukprn: changes.ukprn })) {
          throw new TrainingError('ukprn_taken', `A provider with UKPRN ${changes.ukprn} already exists`, [{ field: 'ukprn', message: 'is already registered' }]);
        }
        provider.ukprn = changes.ukprn;
      }
      if (changes.name !== undefined) provider.name = changes.name.trim();
      const after = { name: provider.name, ukprn: provider.ukprn };
      if (before.name !== after.name || before.ukprn !== after.ukprn) {
        await manager.save(provider);
        await this.audit.record(manager, actor, { action: 'provider.updated', target: { type: 'provider', id: provider.id }, before, after });
      }
      return view(provider);
    });
  }

  /** How many learners (enrolments, in any status) a provider has. */
  async learnerCount(providerId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM enrolment WHERE provider_id = $1`, [providerId]);
    return n;
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
