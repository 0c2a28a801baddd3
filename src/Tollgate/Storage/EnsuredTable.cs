using Azure.Data.Tables;

namespace Tollgate.Storage;

/// <summary>A table created on first use.</summary>
public sealed class EnsuredTable(TableClient client)
{
    private volatile bool _created;

    public string Name => client.Name;

    public async ValueTask<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }

        return client;
    }
}
